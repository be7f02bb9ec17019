#include "backends/native/check_command.h"

#include <iostream>

namespace ankc {

int check_command(const std::vector<std::string>& args) {
  std::cerr << "ankiconnectd check: not implemented yet\n";
  return 2;
}

}  // namespace ankc
