// The request schema AnkiConnect validates every HTTP request body against, and jsonschema's verbose
// error text for a failure (spec ankiconnect-api.md §1.4–1.5), for jsonschema 4.1.2 and >= 4.24.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "compat/emulation.h"

namespace ankc {

// nullopt if `request` satisfies the schema; otherwise str(ValidationError) exactly.
std::optional<std::string> validate_request(const boost::json::value& request, JsonschemaFlavour flavour);

}  // namespace ankc
