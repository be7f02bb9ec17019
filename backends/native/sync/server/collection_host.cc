#include "backends/native/sync/server/collection_host.h"

#include "backends/native/collection/collection.h"

namespace ankc::native::sync {
namespace {

namespace fs = std::filesystem;

class FileHost final : public CollectionHost {
 public:
  FileHost(fs::path folder, Clock& clock, Random& random) : folder_(std::move(folder)), clock_(clock), random_(random) {}
  ~FileHost() override { close(); }
  void acquire() override {}
  void release() override {}
  Collection& col(bool* created) override {
    if (created) *created = false;
    if (col_) return *col_;
    fs::create_directories(folder_);
    bool fresh = !fs::exists(path());
    col_ = Collection::open(path(), clock_, random_);
    if (created) *created = fresh;
    return *col_;
  }
  void close() override {
    if (!col_) return;
    col_->close();
    col_.reset();
  }
  fs::path path() const override { return folder_ / "collection.anki2"; }
  fs::path media_folder() const override { return folder_ / "media"; }
  fs::path media_db() const override { return folder_ / "media.db"; }
  bool shared() const override { return false; }

 private:
  fs::path folder_;
  Clock& clock_;
  Random& random_;
  std::unique_ptr<Collection> col_;
};

}  // namespace

std::unique_ptr<CollectionHost> make_file_host(const fs::path& folder, Clock& clock, Random& random) {
  return std::make_unique<FileHost>(folder, clock, random);
}

}  // namespace ankc::native::sync
