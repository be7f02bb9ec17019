// The 252 named character references of HTML 4 (what Anki's entity decoder accepts; note that
// `apos` is not among them).
#pragma once

#include <string_view>

namespace ankc::native::rendering {

// The code point named by `name` (without & and ;), or 0 if HTML 4 has no such entity.
char32_t html4_entity(std::string_view name);

}  // namespace ankc::native::rendering
