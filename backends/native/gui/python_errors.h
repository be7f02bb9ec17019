// Python's texts for the errors the plugin's own code raises on wrongly-shaped JSON (spec §4.3):
// subscripting a non-dict, calling .items() on a non-dict, a missing key.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace ankc::native::gui {

// `value[key]` with a str key: the member, or throws ActionError with Python's text (KeyError
// "'key'" on a dict, the TypeError of subscripting a str/list/int/... otherwise).
const boost::json::value& subscript(const boost::json::value& value, std::string_view key);

}  // namespace ankc::native::gui
