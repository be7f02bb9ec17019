// The one error mechanism of ankiconnectd: an action that fails throws ActionError carrying the exact
// text AnkiConnect would put in the reply's "error" member. The compat layer catches it in one place
// (compat/api.cc) and wraps it in the envelope. Any other exception escaping an action is a bug; it is
// still answered (with its what() text) and logged as such, never a crash.
#pragma once

#include <stdexcept>
#include <string>

namespace ankc {

class ActionError : public std::runtime_error {
 public:
  explicit ActionError(const std::string& text) : std::runtime_error(text) {}
};

}  // namespace ankc
