// Property test: random grammar-built queries vs hand-written reference SQL.
#include <catch2/catch.hpp>

namespace ankc::native::search {}
