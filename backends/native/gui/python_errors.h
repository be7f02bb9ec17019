// Python's texts for the errors the plugin's own code raises on wrongly-shaped JSON (spec §4.3):
// subscripting a non-dict, calling .items() on a non-dict, a missing key.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "compat/emulation.h"

namespace ankc::native::gui {

// `value[key]` with a str key: the member, or throws ActionError with Python's text (KeyError
// "'key'" on a dict, the TypeError of subscripting a str/list/int/... otherwise; `py` picks the str
// text's wording).
const boost::json::value& subscript(const boost::json::value& value, std::string_view key, PyFlavour py);

}  // namespace ankc::native::gui
