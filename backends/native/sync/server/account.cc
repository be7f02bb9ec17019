#include "backends/native/sync/server/account.h"

#include <fstream>
#include <iterator>

#include "backends/action_error.h"
#include "backends/native/collection/collection.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/sync/sync.h"
#include "backends/native/storage/sync_server/queries.h"
#include "backends/native/sync/server/media_store.h"
#include "backends/native/sync/server/merge.h"

namespace ankc::native::sync {

namespace fs = std::filesystem;
namespace q = storage::sync_server;

namespace {

constexpr std::string_view kUploadCorrupt = "Your upload was corrupt. Please use Check Database, or restore from backup.";

void remove_side_files(const fs::path& path) {
  std::error_code ec;
  fs::remove(path.string() + "-wal", ec);
  fs::remove(path.string() + "-shm", ec);
  fs::remove(path.string() + "-journal", ec);
}

void remove_with_side_files(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
  remove_side_files(path);
}

bool has_col_table(storage::Db& db) {
  storage::Query q = db.query_uncached("SELECT count() FROM sqlite_master WHERE type = 'table' AND name = 'col'");
  return q.next() && q.col_int64(0) > 0;
}

bool integrity_ok(storage::Db& db) {
  storage::Query q = db.query_uncached("PRAGMA integrity_check");
  return q.next() && q.col_text(0) == "ok" && !q.next();
}

}  // namespace

struct Account::State {
  std::string key;
  int32_t server_usn = 0;  // col.usn when the sync started: the usn of everything merged
  int32_t client_usn = 0;  // the client's minUsn: "pending" on this side means usn >= client_usn
  bool client_is_newer = false;
  std::optional<server::ChunkableIds> chunk_ids;  // listed on the first `chunk`
};

Account::Account(std::string name, fs::path folder, Clock& clock, Random& random)
    : name_(std::move(name)), folder_(std::move(folder)), clock_(clock), random_(random) {}

Account::~Account() {
  try {
    abort();
    close_collection();
  } catch (...) {
  }
}

Collection& Account::col() {
  if (col_) return *col_;
  fs::create_directories(folder_);
  fs::path path = collection_path();
  bool fresh = !fs::exists(path);
  col_ = Collection::open(path, clock_, random_);
  if (fresh) {
    // The reference server's new collection (§9, §0.9): mod 0, scm = creation time, usn 0, no
    // creationOffset; the curModel row keeps usn -1 as creation wrote it.
    storage::Db& db = col_->db();
    db.exec("BEGIN");
    q::reset_col_for_new_account(db, clock_.now());
    storage::set_config_json(db, "creationOffset", "null", Usn{0}, clock_.now_secs());
    db.exec("COMMIT");
  }
  return *col_;
}

MediaStore& Account::media() {
  if (!media_) media_ = std::make_unique<MediaStore>(folder_);
  return *media_;
}

void Account::close_collection() {
  if (!col_) return;
  col_->close();
  col_.reset();
}

// --- meta and the session ------------------------------------------------------------------------

SyncMeta Account::meta() {
  abort();
  storage::Db& db = col().db();
  storage::ColRow c = storage::get_col(db);
  SyncMeta m;
  m.mod = c.mod.v;
  m.scm = c.scm.v;
  m.usn = c.usn.v;
  m.ts = clock_.now_secs().v;
  m.msg = "";
  m.cont = true;
  m.host_num = 0;
  m.empty = storage::local_meta(db).empty;
  m.media_usn = media().usn();
  return m;
}

Account::State& Account::state_for(const std::string& session_key) {
  if (session_key.empty()) throw HttpStatusError(400, "missing skey");
  if (!state_) throw HttpStatusError(409, "no active sync");
  if (state_->key != session_key) throw HttpStatusError(409, "active sync with different key");
  return *state_;
}

template <typename F>
auto Account::in_state(const std::string& session_key, F&& f) {
  State& state = state_for(session_key);
  try {
    return f(state, col().db());
  } catch (const HttpStatusError&) {
    abort();
    throw;
  } catch (const std::exception& e) {
    abort();
    throw HttpStatusError(400, std::string("sync failed: ") + e.what());
  }
}

void Account::abort() {
  if (!state_) return;
  state_.reset();
  if (col_ && col_->db().in_transaction()) col_->db().exec("ROLLBACK");
}

Graves Account::start(const std::string& session_key, const StartRequest& request) {
  if (session_key.empty()) throw HttpStatusError(400, "missing skey");
  abort();
  storage::Db& db = col().db();
  db.exec("BEGIN EXCLUSIVE");
  auto state = std::make_unique<State>();
  state->key = session_key;
  state->server_usn = storage::get_col(db).usn.v;
  state->client_usn = request.min_usn;
  state->client_is_newer = request.lnewer;
  state_ = std::move(state);
  return in_state(session_key, [&](State& s, storage::Db& db) {
    Graves graves = storage::graves_since_usn(db, s.client_usn);
    if (request.graves) server::apply_graves(db, *request.graves, Usn{s.server_usn});
    return graves;
  });
}

void Account::apply_graves(const std::string& session_key, const Graves& graves) {
  in_state(session_key, [&](State& s, storage::Db& db) {
    server::apply_graves(db, graves, Usn{s.server_usn});
    return 0;
  });
}

UnchunkedChanges Account::apply_changes(const std::string& session_key, const UnchunkedChanges& client) {
  return in_state(session_key, [&](State& s, storage::Db& db) {
    UnchunkedChanges mine = server::local_changes(db, s.client_usn, s.client_is_newer);
    server::merge_changes(db, clock_, client, Usn{s.server_usn});
    return mine;
  });
}

Chunk Account::chunk(const std::string& session_key) {
  return in_state(session_key, [&](State& s, storage::Db& db) {
    if (!s.chunk_ids) s.chunk_ids = server::chunkable_ids(db, s.client_usn);
    return server::next_chunk(db, *s.chunk_ids);
  });
}

void Account::apply_chunk(const std::string& session_key, const Chunk& chunk) {
  in_state(session_key, [&](State& s, storage::Db& db) {
    server::merge_chunk(db, chunk, s.client_usn);
    return 0;
  });
}

SanityCheckResponse Account::sanity_check(const std::string& session_key, const SanityCounts& client) {
  SanityCheckResponse answer = in_state(session_key, [&](State&, storage::Db& db) {
    SanityCheckResponse r;
    if (!storage::table_with_pending_usn(db).empty()) {
      r.ok = false;
      r.client = client;
      return r;
    }
    SanityCounts server = storage::sanity_counts(db);
    if (!client.matches(server)) {
      r.ok = false;
      r.client = client;
      r.server = server;
    }
    return r;
  });
  if (!answer.ok) {
    // The reference closes its collection at once, which rolls back its half of the sync.
    abort();
    close_collection();
  }
  return answer;
}

int64_t Account::finish(const std::string& session_key) {
  TimestampMillis now = clock_.now();
  in_state(session_key, [&](State& s, storage::Db& db) {
    // ls = now and usn + 1 before the commit; mod = now too, which the reference sets just after it.
    storage::finish_col(db, now.v, s.server_usn + 1);
    db.exec("COMMIT");
    return 0;
  });
  state_.reset();
  return now.v;
}

// --- full sync -----------------------------------------------------------------------------------

std::string Account::upload(std::string_view file_bytes) {
  abort();
  fs::create_directories(folder_);
  fs::path temp = folder_ / "collection.anki2.upload";
  remove_with_side_files(temp);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(file_bytes.data(), static_cast<std::streamsize>(file_bytes.size()));
    if (!out.flush()) {
      remove_with_side_files(temp);
      throw std::runtime_error("cannot write " + temp.string());
    }
  }
  try {
    auto db = storage::Db::open(temp, false);
    bool ok = integrity_ok(*db);
    bool col_table = ok && has_col_table(*db);
    if (ok && !col_table) {
      // §0.6: a valid SQLite file without a col table gets a fresh collection built in it.
      db->enable_wal();
      create_collection(*db, clock_, random_);
    }
    db->close();
    if (!ok) {
      remove_with_side_files(temp);
      return std::string(kUploadCorrupt);
    }
    // Schema 11-17 is upgraded to 18 here; other versions are refused with the engine's text.
    Collection::open_existing(temp, clock_, random_)->close();
  } catch (const std::exception&) {
    // Not SQLite, not a collection, or a schema the engine cannot open: all "corrupt" to the user.
    remove_with_side_files(temp);
    return std::string(kUploadCorrupt);
  }
  close_collection();
  fs::path path = collection_path();
  remove_side_files(path);
  fs::rename(temp, path);
  remove_side_files(temp);
  return "OK";
}

std::string Account::download() {
  abort();
  storage::Db& db = col().db();
  // §0.1: the file sent already holds the raised usn and mod = now.
  db.exec("BEGIN");
  q::increment_col_usn(db);
  storage::set_col_modified(db, clock_.now());
  db.exec("COMMIT");
  close_collection();  // checkpoints the WAL: the main file alone is complete
  std::ifstream in(collection_path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw std::runtime_error("cannot read " + collection_path().string());
  return bytes;
}

}  // namespace ankc::native::sync
