// A private temporary directory (mkdtemp under the system temp folder) removed with its contents
// when the object goes: where package import/export extract and build their collections.
#pragma once

#include <filesystem>

namespace ankc::native::packages {

class TempDir {
 public:
  TempDir();  // throws ActionError when the directory cannot be created
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ankc::native::packages
