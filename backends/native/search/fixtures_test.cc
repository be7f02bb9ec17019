// The conformance queries against copies of real schema-18 collections, with expected ids from
// hand-written SQL.
#include <catch2/catch.hpp>

namespace ankc::native::search {}
