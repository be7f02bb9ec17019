#include "backends/native/packages/temp_dir.h"

#include <stdlib.h>

#include <string>
#include <system_error>

#include "backends/action_error.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

namespace {
constexpr std::string_view kPrefix = ".ankc-package-";
}

TempDir::TempDir(const fs::path& parent) {
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string pattern = (parent / (std::string(kPrefix) + "XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw ActionError("could not create a temporary directory in " + parent.string());
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void sweep_temp_dirs(const fs::path& parent) {
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::error_code ignored;
    if (name.rfind(kPrefix, 0) == 0 && it->is_directory(ignored) && !it->is_symlink(ignored))
      fs::remove_all(it->path(), ignored);
  }
}

}  // namespace ankc::native::packages
