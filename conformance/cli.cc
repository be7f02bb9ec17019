#include "conformance/cli.h"

#include <iostream>

namespace ankc {

int replay_command(const std::vector<std::string>& args) {
  std::cerr << "ankiconnectd replay: not implemented yet\n";
  return 2;
}

int record_command(const std::vector<std::string>& args) {
  std::cerr << "ankiconnectd record: not implemented yet\n";
  return 2;
}

}  // namespace ankc
