#include "backends/native/session.h"

#include "backends/action_error.h"

namespace ankc::native {

Session::Session(std::filesystem::path collection_file, std::filesystem::path media_folder, Clock& clock,
                 Random& random, SessionInfo info)
    : file_(std::move(collection_file)),
      media_(std::move(media_folder)),
      clock_(clock),
      random_(random),
      info_(std::move(info)) {}

Session::~Session() { close(); }

Collection& Session::col() {
  if (!col_) {
    try {
      if (info_.reader) {
        col_ = Collection::open_reader(file_, clock_, random_);
      } else {
        col_ = Collection::open(file_, clock_, random_);
        col_->db().set_served_copy(info_.served);
      }
      last_error_.clear();
    } catch (const std::exception& e) {
      last_error_ = e.what();
      throw ActionError("collection is not available");
    }
  }
  return *col_;
}

void Session::close() {
  if (col_ && before_close_) before_close_();
  if (col_) col_->close();
  col_.reset();
}

std::string Session::profile_name() const {
  if (!info_.profile_name.empty()) return info_.profile_name;
  return file_.parent_path().filename().string();
}

}  // namespace ankc::native
