// ankiconnectd's entry point; everything happens in src/cli.cc.
#include <string>
#include <vector>

#include "src/cli.h"

int main(int argc, char** argv) {
  return ankc::run_cli(std::vector<std::string>(argv + 1, argv + argc));
}
