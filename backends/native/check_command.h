// `ankiconnectd check PATH`: validates a collection file against the invariants of
// collection-format.md §12, prints each violation, returns the process exit code (0 only when clean).
#pragma once

#include <string>
#include <vector>

namespace ankc {

int check_command(const std::vector<std::string>& args);

}  // namespace ankc
