#include "backends/native/native_backend.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <boost/json/array.hpp>
#include <mutex>
#include <span>
#include <string_view>
#include <condition_variable>
#include <deque>
#include <exception>
#include <optional>
#include <thread>
#include <unordered_map>

#include "backends/action_error.h"
#include "compat/actions.h"
#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/background.h"
#include "backends/native/backups/backup.h"
#include "backends/native/collection_lock.h"
#include "backends/native/service.h"
#include "backends/native/session.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/new_row_ids.h"
#include "backends/native/storage/sync/sync.h"
#include "backends/native/sync/agent.h"
#include "backends/native/sync/client/sync_error.h"
#include "backends/native/sync/server/collection_host.h"

// The service table of each concept.
#include "backends/native/cards/service.h"
#include "backends/native/dbcheck/check_database.h"
#include "backends/native/decks/service.h"
#include "backends/native/gui/service.h"
#include "backends/native/media/service.h"
#include "backends/native/notes/service.h"
#include "backends/native/notetypes/service.h"
#include "backends/native/packages/package_path.h"
#include "backends/native/packages/service.h"
#include "backends/native/scheduling/service.h"
#include "backends/native/search/service.h"
#include "backends/native/stats/service.h"
#include "backends/native/tags/service.h"

namespace ankc {

unsigned native_read_connections() { return std::max(4u, 2 * std::thread::hardware_concurrency()); }
namespace {

using native::ServiceAction;
using ServiceTable = std::span<const ServiceAction> (*)();

// Every concept's table (backends/native/<concept>/service.h); a concept appears here once.
const ServiceTable kServiceTables[] = {
    &native::dbcheck_actions,
    &native::notetypes_actions,
    &native::decks_actions,
    &native::notes_actions,
    &native::cards_actions,
    &native::tags_actions,
    &native::media_actions,
    &native::search_actions,
    &native::stats_actions,
    &native::scheduling_actions,
    &native::packages_actions,
    &native::gui_actions,
};

std::filesystem::path media_folder_of(const NativeProfile& p) { return p.folder / "collection.media"; }

using SteadyClock = std::chrono::steady_clock;

// Rows changed on the open collection's connection so far (0 when it is closed).
int64_t total_changes(native::Session& session) {
  return session.is_open() ? sqlite3_total_changes64(session.db().handle()) : 0;
}


class NativeBackend final : public Backend {
 public:
  NativeBackend(NativeOptions options, native::Clock& clock, native::Random& random,
                std::unique_ptr<native::Clock> owned_clock, std::unique_ptr<native::Random> owned_random)
      : options_(std::move(options)),
        owned_clock_(std::move(owned_clock)),
        owned_random_(std::move(owned_random)),
        clock_(clock),
        random_(random) {
    if (options_.profiles.empty()) throw std::invalid_argument("the native backend needs a profile");
    for (const auto& p : options_.profiles) std::filesystem::create_directories(media_folder_of(p));
    for (const auto& p : options_.profiles) native::backups::sweep_partial_backups(p.folder / "backups");
    activate(0);
    start_sync();
  }

  ~NativeBackend() override {
    background_.stop();
    backup_pending_now();
    {
      std::lock_guard lock(readers_mutex_);
      idle_readers_.clear();  // readers close before the writer, which checkpoints last
    }
    session_->set_before_close(nullptr);
    session_->close();
  }

  boost::json::value call(const std::string& action, const boost::json::object& params) override {
    // Answered from the configuration: never waits for the collection.
    if (action == "getProfiles") {
      boost::json::array names;
      for (const auto& p : options_.profiles) names.emplace_back(p.name);
      return names;
    }
    if (action == "getActiveProfile") return boost::json::value(options_.profiles[active_].name);
    if (auto it = handlers().find(action); it != handlers().end() && reads_on_reader(action)) {
      if (auto result = call_reading(it->second, params)) return std::move(*result);
    }
    if (groupable(action)) return call_grouped(action, params);
    if (!lock_.try_lock_for(std::chrono::milliseconds(options_.busy_wait_ms), ""))
      throw ActionError(lock_.busy_text());
    Held held(lock_);
    WriterUse use(*this);
    boost::json::value result = dispatch(action, params);
    if (action != "sync" && action != "fullSync" && use.wrote()) on_write();
    return result;
  }

  void reserve_new_ids_from(int64_t floor_ms) override { native::storage::raise_new_row_id_floor(floor_ms); }

  std::string name() const override { return "native"; }

 private:
  // Releases the collection lock at scope end.
  struct Held {
    explicit Held(native::CollectionLock& l) : lock(l) {}
    ~Held() { lock.unlock(); }
    native::CollectionLock& lock;
  };

  // One stretch of work on the writer's Session under the write level. Afterwards (whatever happened)
  // the readers learn whether its collection is open; wrote() says whether the work changed it (or
  // opened it: a new collection is a write).
  class WriterUse {
   public:
    explicit WriterUse(NativeBackend& b)
        : b_(b), changes_before_(total_changes(*b.session_)), was_open_(b.session_->is_open()) {}
    ~WriterUse() { b_.writer_open_ = b_.session_->is_open(); }
    bool wrote() const {
      int64_t changes = total_changes(*b_.session_);
      return b_.session_->is_open() && (changes != changes_before_ || !was_open_) && changes > 0;
    }

   private:
    NativeBackend& b_;
    int64_t changes_before_;
    bool was_open_;
  };

  // --- group commit -------------------------------------------------------------------------------
  // Small writes that arrive together share one transaction and one fsync: the first of them to find
  // no batch running leads one — it takes the collection, runs every small write queued by then (at
  // most kMaxBatch), each in a savepoint of its own (storage::WriteTransaction nests as one), and
  // commits once. Each is acknowledged only after that commit; one that fails is rolled back to its
  // savepoint alone and answered with its own error; a failed commit fails them all (none was
  // acknowledged). A write arriving alone runs exactly as any other. A batch that ends with writes
  // queued hands the lead to the first of them.

  static constexpr size_t kMaxBatch = 64;

  static bool groupable(const std::string& action) {
    static const std::string_view kSmallWrites[] = {
        "addNote", "addNotes", "addTags", "answerCards", "changeDeck", "createDeck", "deleteNotes", "removeTags",
        "setEaseFactors", "suspend", "unsuspend", "updateNote", "updateNoteFields", "updateNoteTags"};
    return std::find(std::begin(kSmallWrites), std::end(kSmallWrites), action) != std::end(kSmallWrites);
  }

  struct PendingWrite {
    const std::string& action;
    const boost::json::object& params;
    std::optional<boost::json::value> result;
    std::exception_ptr error;
    bool done = false;
    bool lead = false;               // handed the leadership of the next batch
    std::condition_variable wake;    // done, or to lead (each waiter has its own: only it is woken)
  };

  // A write waits on its own condition variable, so a finished batch wakes exactly its writes and,
  // when more are queued, the first of those to lead the next batch (the others sleep on). With one
  // shared condition variable every waiter woke for every batch, and most went back to sleep: with
  // 16 writers that was most of the server's scheduling work.
  boost::json::value call_grouped(const std::string& action, const boost::json::object& params) {
    PendingWrite me{action, params, std::nullopt, nullptr};
    std::unique_lock lock(batch_mutex_);
    batch_queue_.push_back(&me);
    if (!batch_leader_) {  // no batch running: the queue held nothing else
      batch_leader_ = true;
      me.lead = true;
    }
    while (!me.done) {
      if (!me.lead) {
        me.wake.wait(lock);
        continue;
      }
      me.lead = false;
      lock.unlock();
      std::vector<PendingWrite*> batch;
      try {
        lead_batch(batch);
      } catch (...) {
        for (PendingWrite* w : batch) if (!w->result && !w->error) w->error = std::current_exception();
      }
      lock.lock();
      for (PendingWrite* w : batch) {
        w->done = true;
        if (w != &me) w->wake.notify_one();  // under the lock: `w` lives until its owner sees done
      }
      if (batch_queue_.empty()) {
        batch_leader_ = false;
      } else {
        PendingWrite* next = batch_queue_.front();
        next->lead = true;
        if (next != &me) next->wake.notify_one();
      }
    }
    if (me.error) std::rethrow_exception(me.error);
    return std::move(*me.result);
  }

  // Takes the collection, then the queued writes (`batch` receives them), runs and commits them.
  void lead_batch(std::vector<PendingWrite*>& batch) {
    bool locked = lock_.try_lock_for(std::chrono::milliseconds(options_.busy_wait_ms), "");
    {
      std::lock_guard lock(batch_mutex_);
      while (!batch_queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(batch_queue_.front());
        batch_queue_.pop_front();
      }
    }
    if (!locked) throw ActionError(lock_.busy_text());
    Held held(lock_);
    WriterUse use(*this);
    // Alone, or on a sync server's copy (whose commit stamps usns), each write is its own transaction.
    bool shared_transaction = batch.size() > 1 && !session_->info().served;
    if (shared_transaction) {
      try {
        session_->db().exec("BEGIN EXCLUSIVE");
      } catch (const ActionError&) {
        report_open_error();
        throw;
      }
    }
    for (PendingWrite* w : batch) {
      try {
        w->result = dispatch(w->action, w->params);
      } catch (...) {
        w->error = std::current_exception();
      }
    }
    if (shared_transaction) {
      try {
        session_->db().exec("COMMIT");
      } catch (...) {
        if (session_->db().in_transaction()) session_->db().exec("ROLLBACK");
        for (PendingWrite* w : batch) {
          w->result.reset();
          w->error = std::current_exception();
        }
        return;
      }
    }
    if (use.wrote()) on_write();
  }

  // --- reads in parallel ----------------------------------------------------------------------------
  // Read-only actions (compat's read_only mark; not the gui ones, whose state lives in the writing
  // Session) run on reading Sessions: each its own read-only connection to the active collection, at
  // most max_readers_ at once, inside one read transaction (a consistent snapshot: a write committed
  // meanwhile is seen by the next read, never half). The writer goes on beside them; only closing or
  // replacing the file (Session::close on the writer) waits for them (CollectionLock::make_exclusive).

  static bool reads_on_reader(const std::string& action) {
    const ActionSpec* spec = find_action_or_extension(action);
    return spec && runs_on_read_connection(*spec);
  }

  // A reading Session and the generation of the writer's collection it was opened on.
  struct Reader {
    std::unique_ptr<native::Session> session;
    uint64_t generation = 0;
  };

  // The handler's result, or nullopt when the read must go the writer's way instead: the writer has
  // not opened the collection yet (it creates or upgrades it first), or this reader cannot open it.
  std::optional<boost::json::value> call_reading(const native::Handler& handler, const boost::json::object& params) {
    if (!writer_open_) return std::nullopt;
    auto wait = std::chrono::milliseconds(options_.busy_wait_ms);
    if (!lock_.try_lock_shared_for(wait)) throw ActionError(lock_.busy_text());
    struct SharedHeld {
      native::CollectionLock& lock;
      ~SharedHeld() { lock.unlock_shared(); }
    } shared{lock_};
    if (!writer_open_) return std::nullopt;
    std::unique_ptr<Reader> reader = take_reader(wait);
    struct Lease {  // back to the idle list before the read level is released
      NativeBackend& b;
      std::unique_ptr<Reader>& r;
      ~Lease() { b.give_back_reader(std::move(r)); }
    } lease{*this, reader};
    uint64_t generation = generation_;
    if (reader->generation != generation) reader->session.reset();
    if (!reader->session) {
      const NativeProfile& p = options_.profiles[active_];
      native::SessionInfo info = session_->info();
      info.reader = true;
      reader->session = std::make_unique<native::Session>(p.folder / "collection.anki2", media_folder_of(p), clock_,
                                                          random_, std::move(info));
      reader->generation = generation;
    }
    native::Session& session = *reader->session;
    try {
      session.db().exec("BEGIN");
    } catch (const ActionError&) {
      reader->session.reset();
      return std::nullopt;
    }
    try {
      boost::json::value result = handler(session, params);
      session.db().exec("COMMIT");
      return result;
    } catch (...) {
      if (session.is_open() && session.db().in_transaction()) session.db().exec("ROLLBACK");
      throw;
    }
  }

  // An idle reader, or a new one while fewer than max_readers_ exist; waits up to `wait` for one.
  std::unique_ptr<Reader> take_reader(std::chrono::milliseconds wait) {
    std::unique_lock lock(readers_mutex_);
    if (!reader_free_.wait_for(lock, wait, [this] { return !idle_readers_.empty() || readers_made_ < max_readers_; }))
      throw ActionError(lock_.busy_text());
    if (!idle_readers_.empty()) {
      std::unique_ptr<Reader> r = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return r;
    }
    ++readers_made_;
    return std::make_unique<Reader>();
  }

  void give_back_reader(std::unique_ptr<Reader> r) {
    {
      std::lock_guard lock(readers_mutex_);
      idle_readers_.push_back(std::move(r));
    }
    reader_free_.notify_one();
  }

  // The writer's Session is about to close its collection (the caller holds the write level): wait
  // for the readers, close their connections (the file may be replaced), and make new ones reopen.
  void before_writer_closes() {
    lock_.make_exclusive();
    writer_open_ = false;
    ++generation_;
    std::lock_guard lock(readers_mutex_);
    for (auto& r : idle_readers_) r->session.reset();
  }

  boost::json::value dispatch(const std::string& action, const boost::json::object& params) {
    if (action == "getProfiles") {
      boost::json::array names;
      for (const auto& p : options_.profiles) names.emplace_back(p.name);
      return names;
    }
    if (action == "getActiveProfile") return boost::json::value(options_.profiles[active_].name);
    if (action == "loadProfile") return load_profile(params);
    if (action == "sync") return sync_action(native::sync::FullSyncPolicy::Refuse, "sync");
    if (action == "fullSync") {
      auto it = params.find("mode");
      std::string mode;
      if (it != params.end() && it->value().is_string()) mode = it->value().as_string();
      if (mode != "upload" && mode != "download") throw ActionError("mode must be 'upload' or 'download'");
      return sync_action(mode == "upload" ? native::sync::FullSyncPolicy::Upload
                                          : native::sync::FullSyncPolicy::Download,
                         "fullSync");
    }
    if (action == "syncStatus") return agent_->status(*session_, false);
    if (action == "reloadCollection") {
      session_->col();  // "collection is not available" when it cannot open
      return nullptr;
    }
    auto it = handlers().find(action);
    if (it == handlers().end()) throw ActionError(action + " is not served by the native backend yet");
    try {
      return it->second(*session_, params);
    } catch (const ActionError&) {
      report_open_error();
      throw;
    }
  }

  void activate(size_t index) {
    if (session_) backup_pending_now();
    if (session_) session_->close();
    active_ = index;
    const NativeProfile& p = options_.profiles[index];
    native::SessionInfo info = session_info(p);
    info.package_path_roots = options_.package_path_roots;
    info.package_max_bytes = options_.package_max_bytes;
    info.protected_paths = options_.protected_paths;
    info.log_error = [this](const std::string& line) { log_error(line); };
    info.backup = [this](native::Session& s) {
      auto path = native::backups::backup_now(s, options_.backup_limits);
      log_backup(path, "requested");
      return path;
    };
    for (const auto& other : options_.profiles) {
      auto paths = native::packages::profile_protected_paths(other.folder / "collection.anki2", media_folder_of(other));
      info.protected_paths.insert(info.protected_paths.end(), paths.begin(), paths.end());
    }
    session_ = std::make_unique<native::Session>(p.folder / "collection.anki2", media_folder_of(p), clock_, random_,
                                                 std::move(info));
    session_->set_before_close([this] { before_writer_closes(); });
    writer_open_ = false;
    ++generation_;
    native::sync::TransportOptions transport;
    transport.progress = progress_logger();
    transport.io_timeout_secs = options_.sync_timeout_seconds;
    // One agent per profile for the process's life, so its counters (admin listener) outlive loadProfile.
    if (agents_.size() != options_.profiles.size()) agents_.resize(options_.profiles.size());
    if (!agents_[index])
      agents_[index] = std::make_shared<native::sync::Agent>(
          p.folder, native::sync::ClientAccount{p.sync_endpoint, p.sync_user, p.sync_key}, std::move(transport),
          [this](const std::string& l) { log_info(l); }, [this](const std::string& l) { log_error(l); });
    if (options_.log_event) agents_[index]->set_event_log(options_.log_event);
    agent_ = agents_[index];
    background_.cancel("sync-changes");
    background_.cancel("sync-retry");
    schedule_periodic_sync();
  }

  native::SessionInfo session_info(const NativeProfile& p) const {
    native::SessionInfo info;
    info.profile_name = p.name;
    info.py = options_.py_flavour;
    info.served = p.sync_served;
    return info;
  }

 public:
  // The collection of profile `index` for the sync server (native_profile_host).
  class ProfileHost final : public native::sync::CollectionHost {
   public:
    ProfileHost(NativeBackend& b, size_t index) : b_(b), index_(index) {}
    ~ProfileHost() override { own_.reset(); }
    void acquire() override {
      b_.lock_.lock("a sync of profile '" + b_.options_.profiles[index_].name + "' by a sync server client");
    }
    void release() override {
      if (own_) own_->close();  // a profile the API does not have open keeps no file lock
      own_.reset();
      b_.writer_open_ = b_.session_->is_open();
      b_.lock_.unlock();
    }
    native::Collection& col(bool* created) override {
      if (created) *created = false;
      return session().col();
    }
    void close() override { session().close(); }
    std::filesystem::path path() const override { return folder() / "collection.anki2"; }
    std::filesystem::path media_folder() const override { return media_folder_of(b_.options_.profiles[index_]); }
    std::filesystem::path media_db() const override { return folder() / "sync-server-media.db"; }
    bool shared() const override { return true; }

   private:
    std::filesystem::path folder() const { return b_.options_.profiles[index_].folder; }
    // The API's session when the profile is active, else one of our own for the time we hold it.
    native::Session& session() {
      if (b_.active_ == index_) {
        own_.reset();
        return *b_.session_;
      }
      if (!own_) {
        const NativeProfile& p = b_.options_.profiles[index_];
        own_ = std::make_unique<native::Session>(p.folder / "collection.anki2", media_folder_of(p), b_.clock_,
                                                 b_.random_, b_.session_info(p));
      }
      return *own_;
    }
    NativeBackend& b_;
    size_t index_;
    std::unique_ptr<native::Session> own_;
  };

  // native_admin_status: waits at most `wait` for the collection; when it cannot get it, the last
  // answer with "busy" naming the holder.
  boost::json::object admin_status(std::chrono::milliseconds wait) {
    if (!lock_.try_lock_for(wait, "the admin listener")) {
      std::lock_guard cached(admin_cache_mutex_);
      boost::json::object out = admin_cache_;
      out["busy"] = lock_.busy_text();
      return out;
    }
    boost::json::object out;
    {
      Held held(lock_);
      boost::json::array profiles;
      for (size_t i = 0; i < options_.profiles.size(); ++i) profiles.emplace_back(profile_status(i));
      out["profiles"] = std::move(profiles);
      out["busy"] = nullptr;
    }
    std::lock_guard cached(admin_cache_mutex_);
    admin_cache_ = out;
    return out;
  }

  std::unique_ptr<native::sync::CollectionHost> make_host(const std::string& profile) {
    for (size_t i = 0; i < options_.profiles.size(); ++i)
      if (options_.profiles[i].name == profile) return std::make_unique<ProfileHost>(*this, i);
    return nullptr;
  }

 private:
  void log_info(const std::string& line) {
    if (options_.log_info) options_.log_info(line); else std::fprintf(stderr, "%s\n", line.c_str());
  }
  void log_error(const std::string& line) {
    if (options_.log_error) options_.log_error(line); else std::fprintf(stderr, "%s\n", line.c_str());
  }

  void log_backup(const std::filesystem::path& path, const char* trigger) {
    std::error_code ec;
    native::LogEvent e("backup", false, "backup: wrote " + path.string() + (trigger[0] == 'r' ? " (requested)" : ""));
    e.add("trigger", trigger).add("path", path.string()).add("bytes", int64_t(std::filesystem::file_size(path, ec)));
    if (options_.log_event) options_.log_event(e); else log_info(e.text);
  }

  // Logs a long transfer's progress every 5 s, so a full sync that keeps clients waiting is visible.
  std::function<void(size_t, size_t)> progress_logger() {
    auto last = std::make_shared<SteadyClock::time_point>(SteadyClock::now());
    return [this, last](size_t up, size_t down) {
      auto now = SteadyClock::now();
      if (now - *last < std::chrono::seconds(5)) return;
      *last = now;
      log_info("sync in progress: " + std::to_string(up) + " bytes sent, " + std::to_string(down) + " received");
    };
  }

  // --- sync: actions, automatic runs, the start-up download -----------------------------------------

  boost::json::value sync_action(native::sync::FullSyncPolicy policy, const std::string& why) {
    if (!agent_->configured()) throw ActionError("sync: auth not configured");
    try {
      lock_.set_holder("a sync");
      auto out = agent_->run(*session_, policy, why);
      schedule_media_sync(out.media_usn, why);
    } catch (const native::sync::SyncError& e) {
      throw ActionError(e.what());
    }
    schedule_periodic_sync();
    return nullptr;
  }

  // Media sync after a collection sync: on the background thread, without the collection lock, so
  // requests go on while files move (syncMedia).
  void schedule_media_sync(std::optional<int32_t> media_usn, const std::string& why) {
    if (!options_.sync_media) return;
    std::shared_ptr<native::sync::Agent> agent = agent_;
    background_.schedule("media-sync", SteadyClock::now(), [agent, media_usn, why] { agent->sync_media(media_usn, why); });
  }

  bool auto_sync_enabled() const {
    return agent_->configured() && (options_.sync_after_changes_seconds > 0 || options_.sync_interval_minutes > 0);
  }

  void on_write() {
    schedule_backup();
    if (!agent_->configured() || options_.sync_after_changes_seconds <= 0) return;
    background_.schedule("sync-changes", SteadyClock::now() + std::chrono::seconds(options_.sync_after_changes_seconds),
                         [this] { run_auto_sync("after changes"); });
  }

  void schedule_periodic_sync() {
    if (!agent_->configured() || options_.sync_interval_minutes <= 0) {
      background_.cancel("sync-periodic");
      return;
    }
    background_.schedule("sync-periodic", SteadyClock::now() + std::chrono::minutes(options_.sync_interval_minutes),
                         [this] { run_auto_sync("periodic"); });
  }

  // A background sync: takes the collection like a request (waiting as long as it must), never lets
  // an error escape, and retries a failure with back-off.
  void run_auto_sync(const std::string& why) {
    lock_.lock("a sync");
    Held held(lock_);
    if (!agent_->configured()) return;
    background_.cancel("sync-changes");  // this run covers the writes so far
    try {
      auto out = agent_->run(*session_, native::sync::FullSyncPolicy::Refuse, "auto, " + why);
      schedule_media_sync(out.media_usn, "auto, " + why);
      retry_delay_ = std::chrono::seconds(0);
      background_.cancel("sync-retry");
    } catch (const native::sync::SyncError& e) {
      if (e.kind() == native::sync::SyncErrorKind::FullSyncRequired) {
        // Needs a person's decision: say so once per run; the periodic sync will look again.
        log_error("sync (auto, " + why + "): the server requires a full sync; call fullSync with mode "
                  "'upload' or 'download'");
      } else if (e.kind() != native::sync::SyncErrorKind::AuthFailed) {
        retry_delay_ = std::min<std::chrono::seconds>(std::max<std::chrono::seconds>(retry_delay_ * 2, std::chrono::seconds(30)),
                                                      std::chrono::minutes(30));
        log_info("sync: next automatic try in " + std::to_string(retry_delay_.count()) + " s");
        background_.schedule("sync-retry", SteadyClock::now() + retry_delay_, [this] { run_auto_sync("retry"); });
      }
    } catch (const std::exception& e) {
      log_error(std::string("sync (auto): unexpected failure: ") + e.what());
    }
    schedule_periodic_sync();
  }

  // --- backups: a couple of seconds after writes, at most every backup_interval_minutes ---------------

  void schedule_backup() {
    if (options_.backup_interval_minutes <= 0) return;
    backup_pending_ = true;  // under lock_, as every use
    auto due = std::max(SteadyClock::now() + std::chrono::seconds(2), next_backup_);
    background_.schedule_no_later("backup", due, [this] { run_backup(); });
  }

  // The background job: requests wait only while the collection is copied; compressing and writing the
  // copy happen after the lock is released.
  void run_backup() {
    std::unique_ptr<native::backups::Snapshot> snapshot;
    native::backups::LocalTime when;
    {
      lock_.lock("a backup");
      Held held(lock_);
      if (!backup_pending_) return;
      snapshot = take_backup_snapshot(when, true);
    }
    if (snapshot) finish_backup(*snapshot, when);
  }

  // The pending backup now, in the caller's thread (a profile switch, shutdown); the caller holds the
  // collection. Anki's interval still applies.
  void backup_pending_now() {
    if (!backup_pending_) return;
    background_.cancel("backup");
    native::backups::LocalTime when;
    if (auto snapshot = take_backup_snapshot(when, false)) finish_backup(*snapshot, when);
    backup_pending_ = false;
  }

  // Under the lock: the copy of the active collection, or nullptr when a backup is too recent (then,
  // with reschedule, the job runs again when the interval has passed) or the copy failed (logged).
  std::unique_ptr<native::backups::Snapshot> take_backup_snapshot(native::backups::LocalTime& when, bool reschedule) {
    namespace bk = native::backups;
    try {
      when = bk::local_now(*session_);
      int64_t wait = bk::seconds_until_allowed(bk::backups_folder(session_->collection_file()), when,
                                               options_.backup_interval_minutes);
      if (wait > 0) {
        next_backup_ = SteadyClock::now() + std::chrono::seconds(wait);
        if (reschedule) background_.schedule("backup", next_backup_, [this] { run_backup(); });
        return nullptr;
      }
      auto snapshot = bk::take_snapshot(*session_);
      backup_pending_ = false;
      next_backup_ = SteadyClock::now() + std::chrono::minutes(options_.backup_interval_minutes);
      return snapshot;
    } catch (const std::exception& e) {
      log_error(std::string("backup: cannot copy the collection: ") + e.what());
      return nullptr;
    }
  }

  void finish_backup(const native::backups::Snapshot& snapshot, const native::backups::LocalTime& when) {
    try {
      auto path = native::backups::write_backup(snapshot, when, options_.backup_limits);
      log_backup(path, "automatic");
    } catch (const std::exception& e) {
      log_error(std::string("backup: cannot write it: ") + e.what());
    }
  }

  // syncOnStart: a new, empty, never-synced collection takes the server's before serving; any other
  // collection with a key gets a normal sync in the background right away.
  void start_sync() {
    if (!agent_->configured() || !options_.sync_on_start) return;
    bool fresh = false;
    try {
      native::storage::LocalMeta local = native::storage::local_meta(session_->db());
      fresh = local.ls == 0 && local.empty &&
              native::storage::sanity_counts(session_->db()).notes == 0;
    } catch (const std::exception& e) {
      log_error(std::string("sync at start: cannot read the collection: ") + e.what());
      return;
    }
    if (!fresh) {
      background_.schedule("sync-retry", SteadyClock::now(), [this] { run_auto_sync("start"); });
      return;
    }
    try {
      auto out = agent_->run(*session_, native::sync::FullSyncPolicy::Download, "start");
      schedule_media_sync(out.media_usn, "start");
    } catch (const native::sync::SyncError& e) {
      if (e.kind() == native::sync::SyncErrorKind::FullSyncRequired)
        log_error("sync at start: the server requires a full sync that would replace its collection; call "
                  "fullSync with mode 'upload' or 'download'");
      else
        background_.schedule("sync-retry", SteadyClock::now() + std::chrono::seconds(30), [this] { run_auto_sync("retry"); });
    }
  }

  // One profile's entry of admin_status; the caller holds the lock. The active profile's collection is
  // opened (that is what /healthz asks); the others are read through a read-only connection of their own.
  boost::json::object profile_status(size_t i) {
    const NativeProfile& p = options_.profiles[i];
    std::filesystem::path file = p.folder / "collection.anki2";
    boost::json::object o;
    o["name"] = p.name;
    o["active"] = i == active_;
    std::error_code ec;
    bool exists = std::filesystem::exists(file, ec);
    o["exists"] = exists;
    // The file and its write-ahead log: between checkpoints, recent writes live in the -wal.
    int64_t bytes = 0;
    for (const auto& part : {file, std::filesystem::path(file.string() + "-wal")}) {
      auto size = std::filesystem::file_size(part, ec);
      if (!ec) bytes += int64_t(size);
    }
    o["collectionBytes"] = bytes;
    o["notes"] = nullptr;
    o["cards"] = nullptr;
    o["openError"] = nullptr;
    auto count = [](sqlite3* db, const char* sql) -> boost::json::value {
      sqlite3_stmt* stmt = nullptr;
      boost::json::value v = nullptr;
      if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
      sqlite3_finalize(stmt);
      return v;
    };
    if (i == active_) {
      try {
        sqlite3* db = session_->db().handle();
        o["notes"] = count(db, "select count() from notes");
        o["cards"] = count(db, "select count() from cards");
        o["open"] = true;
      } catch (const std::exception& e) {
        o["open"] = false;
        o["openError"] = session_->last_open_error().empty() ? std::string(e.what()) : session_->last_open_error();
      }
    } else if (exists) {
      sqlite3* db = nullptr;
      if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        o["notes"] = count(db, "select count() from notes");
        o["cards"] = count(db, "select count() from cards");
      }
      sqlite3_close(db);
      o["open"] = nullptr;  // not open: only the active profile's collection is
    } else {
      o["open"] = nullptr;
    }
    if (agents_.size() > i && agents_[i]) {
      o["sync"] = agents_[i]->local_status();
    } else {
      boost::json::object sync;
      sync["configured"] = p.sync_key && !p.sync_key->empty();
      o["sync"] = std::move(sync);
    }
    o["syncServed"] = p.sync_served;
    // <profile>/backups: finished backups only ("backup-<time>.colpkg"; work files start with a dot).
    boost::json::object backups;
    int64_t backup_count = 0, total = 0, newest = 0;
    std::error_code dir_ec;
    for (const auto& entry : std::filesystem::directory_iterator(p.folder / "backups", dir_ec)) {
      std::string file_name = entry.path().filename().string();
      if (file_name.rfind("backup-", 0) != 0 || entry.path().extension() != ".colpkg") continue;
      std::error_code e;
      auto size = entry.file_size(e);
      auto mtime = entry.last_write_time(e);
      if (e) continue;
      ++backup_count;
      total += int64_t(size);
      auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                      .count();
      newest = std::max<int64_t>(newest, secs);
    }
    backups["count"] = backup_count;
    backups["bytes"] = total;
    backups["newest"] = newest ? boost::json::value(newest) : boost::json::value(nullptr);
    o["backups"] = std::move(backups);
    return o;
  }

  // Logs why the collection could not be opened (once per distinct cause), since clients only see
  // "collection is not available".
  void report_open_error() {
    const std::string& cause = session_->last_open_error();
    if (cause.empty() || cause == reported_open_error_) return;
    reported_open_error_ = cause;
    log_error("profile '" + options_.profiles[active_].name + "': cannot open its collection: " + cause);
  }

  boost::json::value load_profile(const boost::json::object& params) {
    auto it = params.find("name");
    if (it == params.end() || !it->value().is_string()) return false;
    std::string_view name = it->value().as_string();
    for (size_t i = 0; i < options_.profiles.size(); ++i) {
      if (options_.profiles[i].name != name) continue;
      if (i != active_) activate(i);
      return true;
    }
    return false;
  }

  NativeOptions options_;
  std::unique_ptr<native::Clock> owned_clock_;
  std::unique_ptr<native::Random> owned_random_;
  native::Clock& clock_;
  native::Random& random_;
  // Every concept's handlers by action name, gathered on first use: at start-up each concept's table
  // would fault in a page of its code (and the kernel's read-around with it), ~0.8 MB of idle RSS.
  const std::unordered_map<std::string_view, native::Handler>& handlers() {
    std::call_once(handlers_once_, [this] {
      for (ServiceTable table : kServiceTables)
        for (const ServiceAction& a : table()) handlers_.emplace(a.name, a.handler);
    });
    return handlers_;
  }
  std::once_flag handlers_once_;
  std::unordered_map<std::string_view, native::Handler> handlers_;
  std::atomic<size_t> active_ = 0;  // read without the lock by getActiveProfile and readers
  std::unique_ptr<native::Session> session_;
  // Reads in parallel (call_reading): whether the writer's collection is open, its generation (one
  // more at each close), and the reading Sessions, idle or in use (at most max_readers_).
  std::atomic<bool> writer_open_ = false;
  // Group commit (call_grouped): the small writes waiting, and whether one of them leads a batch.
  std::mutex batch_mutex_;
  std::deque<PendingWrite*> batch_queue_;
  bool batch_leader_ = false;  // a batch is running, or its leadership is being handed on
  std::atomic<uint64_t> generation_ = 0;
  std::mutex readers_mutex_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<Reader>> idle_readers_;
  size_t readers_made_ = 0;
  size_t max_readers_ = native_read_connections();
  // Shared with a media sync running in the background after loadProfile replaced it.
  std::shared_ptr<native::sync::Agent> agent_;
  std::vector<std::shared_ptr<native::sync::Agent>> agents_;  // by profile index, made on first activation
  std::mutex admin_cache_mutex_;
  boost::json::object admin_cache_;  // admin_status's last answer
  std::string reported_open_error_;
  // The collection's lock: requests wait for it at most busy_wait_ms; background jobs and the sync
  // server's sessions take it too.
  native::CollectionLock lock_;
  std::chrono::seconds retry_delay_{0};
  // A write since the last backup (guarded by lock_), and the earliest time the next may be made.
  bool backup_pending_ = false;
  SteadyClock::time_point next_backup_{};
  native::Background background_;  // last: stopped first (the destructor stops it explicitly too)
};

}  // namespace

std::vector<std::string> native_served_actions() {
  std::vector<std::string> names{"getActiveProfile", "getProfiles", "loadProfile", "reloadCollection", "sync"};
  // Extensions answered here (README lists them apart from the actions).
  for (ServiceTable table : kServiceTables) {
    for (const ServiceAction& a : table()) names.emplace_back(a.name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::unique_ptr<native::sync::CollectionHost> native_profile_host(Backend& backend, const std::string& profile) {
  auto* native = dynamic_cast<NativeBackend*>(&backend);
  return native ? native->make_host(profile) : nullptr;
}

std::optional<boost::json::object> native_admin_status(Backend& backend, std::chrono::milliseconds wait) {
  auto* native = dynamic_cast<NativeBackend*>(&backend);
  if (!native) return std::nullopt;
  return native->admin_status(wait);
}

std::unique_ptr<Backend> make_native_backend(const NativeOptions& options) {
  auto clock = std::make_unique<native::SystemClock>();
  auto random = std::make_unique<native::SeededRandom>(native::SeededRandom::make_system());
  native::Clock& c = *clock;
  native::Random& r = *random;
  return std::make_unique<NativeBackend>(options, c, r, std::move(clock), std::move(random));
}

std::unique_ptr<Backend> make_native_backend(const NativeOptions& options, native::Clock& clock,
                                             native::Random& random) {
  return std::make_unique<NativeBackend>(options, clock, random, nullptr, nullptr);
}

}  // namespace ankc
