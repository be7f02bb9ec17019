// `ankiconnectd check PATH`: validates a collection file against the invariants of
// collection-format.md §12, prints each violation, returns the process exit code (0 when there is no error; warnings alone
// do not fail the check).
#pragma once

#include <string>

namespace ankc {

int check_command(const std::string& path);

}  // namespace ankc
