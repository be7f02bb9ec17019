#include "backends/native/check_command.h"

#include <iostream>

#include "backends/native/dbcheck/check.h"

namespace ankc {

int check_command(const std::string& path) {
  try {
    // A collection left by a killed process holds its last writes in the -wal file: replay them first
    // (what Anki and ankiconnectd do when they open it), then check the recovered file.
    if (native::recover_leftover_wal(path))
      std::cout << "recovered the -wal file left next to the collection (its writes are now in the file)\n";
    auto violations = native::check_collection_file(path);
    bool errors = false;
    for (const auto& v : violations) {
      std::cout << v.line() << "\n";
      errors = errors || v.error;
    }
    // Warnings are what Anki tolerates or repairs (an untouched Anki 23.10 file has some): they are
    // reported, but only errors fail the check.
    if (!errors) std::cout << (violations.empty() ? "ok\n" : "ok (warnings only)\n");
    return errors ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "ankiconnectd check: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace ankc
