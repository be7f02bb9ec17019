#include "backends/native/packages/temp_dir.h"

#include <stdlib.h>

#include <string>
#include <system_error>

#include "backends/action_error.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "ankc-package-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw ActionError("could not create a temporary directory");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace ankc::native::packages
