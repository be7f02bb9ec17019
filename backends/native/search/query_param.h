// The `query` parameter of the search actions as AnkiConnect reads it: null means "no search" (the
// plugin answers [] without asking Anki), a string is handed to Anki's search, and anything else
// fails where Anki's protobuf layer would reject it.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string_view>

namespace ankc::native::search {

// The query text, or nullopt for null. Throws ActionError for a non-string value (the text of the
// TypeError Python's upb protobuf runtime raises for a non-str string field; spec §9.4).
std::optional<std::string_view> query_param(const boost::json::value& query);

}  // namespace ankc::native::search
