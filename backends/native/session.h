// The active profile as every service handler sees it: its collection (opened lazily on the first
// action that needs it, then kept open; never loaded into memory), its media folder, and the
// injectable clock and random source. A Session is used by one thread at a time: the native backend
// has one writing Session per active profile (every write, under its collection lock) and a few
// reading ones (SessionInfo::reader: read-only actions, in parallel, each on its own connection).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "backends/native/collection/collection.h"
#include "backends/native/storage/transaction.h"
#include "compat/emulation.h"

namespace ankc::native {

class Session;

// What a Session knows about the deployment beyond its files.
struct SessionInfo {
  // The profile's name as getProfiles lists it (notesInfo's "profile"); "" = the name of the folder
  // holding the collection file, as Anki names profile folders after profiles.
  std::string profile_name;
  // The Python whose built-in error texts leak through AnkiConnect (spec ankiconnect-api.md §4.3):
  // the `emulation` profile's (anki25: 3.13, anki23: 3.9).
  PyFlavour py = PyFlavour::py313;
  // ankiconnectd also serves this profile's collection to sync clients: its writes take the server's
  // usn (storage::Db::set_served_copy).
  bool served = false;
  // exportPackage / importPackage (config packagePathRoots, packageMaxBytes): folders package paths
  // must lie in (empty = anywhere), paths a package is never written onto or inside besides this
  // profile's own files (the other profiles' files, the config file), and the most bytes one import
  // may decompress (0 = unlimited).
  std::vector<std::filesystem::path> package_path_roots;
  std::vector<std::filesystem::path> protected_paths;
  int64_t package_max_bytes = 0;
  // Where handlers report failures a client only sees in its reply (a package that cannot be
  // imported); unset = stderr.
  std::function<void(const std::string&)> log_error;
  // A reading Session: its collection is a read-only connection (Collection::open_reader) on a file
  // the writing Session of this process holds open; it never creates or upgrades the file.
  bool reader = false;
  // Backs the session's open collection up now and returns the backup's path (the native backend sets
  // backups::backup_now with the deployment's limits): importPackage of a .colpkg and createBackup
  // call it. Unset = no backups: those actions are refused.
  std::function<std::filesystem::path(Session&)> backup;
};

class Session {
 public:
  // collection_file is e.g. <profile>/collection.anki2, media_folder <profile>/collection.media.
  // clock and random must outlive the Session.
  Session(std::filesystem::path collection_file, std::filesystem::path media_folder, Clock& clock,
          Random& random, SessionInfo info = {});
  ~Session();

  // The open collection, opening (or creating) it on first use. Throws
  // ActionError("collection is not available") when it cannot be opened (the cause is in
  // last_open_error()).
  Collection& col();
  // col().db().
  storage::Db& db() { return col().db(); }
  // A write transaction for one API call, stamped with clock().now(); commit() it at the end.
  storage::WriteTransaction write() { return storage::WriteTransaction(db(), clock_.now()); }
  // True once the collection is open.
  bool is_open() const { return col_ != nullptr; }
  // Closes the collection (checkpointed); the next col() reopens it. Runs the before-close hook
  // first when the collection is open.
  void close();
  // Called by close() before an open collection is closed (and its file possibly replaced): the
  // native backend waits there for its readers to finish and closes their connections.
  void set_before_close(std::function<void()> hook) { before_close_ = std::move(hook); }

  const std::filesystem::path& collection_file() const { return file_; }
  const std::filesystem::path& media_folder() const { return media_; }
  // The profile's name as AnkiConnect reports it (notesInfo's "profile"): SessionInfo::profile_name,
  // or the collection folder's name when none was given.
  std::string profile_name() const;
  // The Python version whose built-in exception texts handlers reproduce (§4.3).
  PyFlavour py_flavour() const { return info_.py; }
  // What the deployment says about the session beyond its files (package paths and limits).
  const SessionInfo& info() const { return info_; }
  Clock& clock() { return clock_; }
  Random& random() { return random_; }
  // Why the last open failed (empty when it did not).
  const std::string& last_open_error() const { return last_error_; }

  // In-memory state a concept keeps for this profile while it is active (the gui review session,
  // the browser's list), as Anki's windows keep theirs: created (default-constructed) on first use
  // and gone with the Session, so a restart or a profile switch ends it.
  template <class T>
  T& state() {
    std::shared_ptr<void>& slot = states_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>();
    return *static_cast<T*>(slot.get());
  }

 private:
  std::filesystem::path file_;
  std::filesystem::path media_;
  Clock& clock_;
  Random& random_;
  SessionInfo info_;
  std::unique_ptr<Collection> col_;
  std::string last_error_;
  std::unordered_map<std::type_index, std::shared_ptr<void>> states_;
  std::function<void()> before_close_;
};

}  // namespace ankc::native
