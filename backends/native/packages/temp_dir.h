// A private temporary directory removed with its contents when the object goes: where package
// import/export extract and build their collections. It sits beside the profile's collection
// (".ankc-package-XXXXXX" in the profile folder), on the collection's file system rather than /tmp;
// folders a killed process left behind are swept before the next package action.
#pragma once

#include <filesystem>

namespace ankc::native::packages {

class TempDir {
 public:
  // mkdtemp under parent. Throws ActionError when the directory cannot be created.
  explicit TempDir(const std::filesystem::path& parent);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Removes the ".ankc-package-*" folders in parent. Call only while no TempDir of this process is alive
// there (the native backend runs one action at a time, and one process holds a profile).
void sweep_temp_dirs(const std::filesystem::path& parent);

}  // namespace ankc::native::packages
