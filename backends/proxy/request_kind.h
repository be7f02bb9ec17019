// What an AnkiConnect request body asks for, read without the compat layer: its top-level action, and
// whether answering it can change anything. Used by the proxy's failover (a request whose outcome on
// the upstream is unknown is repeated on the native backend only when it changes nothing) and by
// shadow mode (by default it mirrors only requests that change nothing).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ankc::proxy {

// The body's top-level "action" when the body is a JSON object whose "action" is a string.
std::optional<std::string> request_action(std::string_view body);

// True when answering the body cannot change anything: its action is read-only in the action table
// (ankc::is_read_only_action), or it is a `multi` whose every element is (recursively); a body that
// names no action (not JSON, no "action") is answered with an error and changes nothing either.
bool is_read_only_request(std::string_view body);

}  // namespace ankc::proxy
