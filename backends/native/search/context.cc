#include "backends/native/search/context.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <unordered_map>

#include "backends/action_error.h"
#include "backends/native/scheduling/timing.h"

namespace ankc::native::search {
namespace {

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw ankc::ActionError(std::string("DB error: ") + sqlite3_errmsg(db));
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw ankc::ActionError(std::string("DB error: ") + sqlite3_errmsg(db_));
  }
  sqlite3_stmt* get() { return stmt_; }
  int64_t i64(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string text(int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  std::string blob(int col) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Minimal protobuf reader: the varint value of top-level field `field` (0 if absent), or the
// bytes of a length-delimited field.
bool read_varint(std::string_view b, size_t& i, uint64_t& v) {
  v = 0;
  for (int shift = 0; i < b.size() && shift < 64; shift += 7) {
    auto byte = static_cast<uint8_t>(b[i++]);
    v |= uint64_t(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

struct ProtoField {
  uint64_t varint = 0;
  std::string_view bytes;
  bool present = false;
};

ProtoField proto_field(std::string_view b, uint32_t wanted) {
  ProtoField out;
  size_t i = 0;
  while (i < b.size()) {
    uint64_t key;
    if (!read_varint(b, i, key)) break;
    uint32_t field = static_cast<uint32_t>(key >> 3), wire = key & 7;
    uint64_t v = 0;
    std::string_view bytes;
    if (wire == 0) {
      if (!read_varint(b, i, v)) break;
    } else if (wire == 1) {
      i += 8;
    } else if (wire == 5) {
      i += 4;
    } else if (wire == 2) {
      if (!read_varint(b, i, v) || i + v > b.size()) break;
      bytes = b.substr(i, v);
      i += v;
    } else {
      break;
    }
    if (field == wanted) {
      out.present = true;
      out.varint = v;
      out.bytes = bytes;
    }
  }
  return out;
}

}  // namespace

SqliteSearchContext::SqliteSearchContext(sqlite3* db, Clock clock) : db_(db), clock_(clock) {}

std::optional<std::string> SqliteSearchContext::config_json(const char* key) {
  Stmt st(db_, "select val from config where KEY = ?");
  sqlite3_bind_text(st.get(), 1, key, -1, SQLITE_STATIC);
  if (!st.step()) return std::nullopt;
  return st.blob(0);
}

std::optional<int64_t> SqliteSearchContext::config_int(const char* key) {
  auto v = config_json(key);
  if (!v || v->empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  if (end == v->c_str()) return std::nullopt;
  return static_cast<int64_t>(d);
}

std::optional<bool> SqliteSearchContext::config_bool(const char* key) {
  auto v = config_json(key);
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  return std::nullopt;
}

const std::vector<NotetypeInfo>& SqliteSearchContext::notetypes() {
  if (notetypes_) return *notetypes_;
  std::vector<NotetypeInfo> out;
  std::unordered_map<int64_t, size_t> index;
  {
    Stmt st(db_, "SELECT id FROM notetypes");
    while (st.step()) {
      index[st.i64(0)] = out.size();
      out.push_back(NotetypeInfo{st.i64(0), {}, false, 0, {}});
    }
  }
  {
    Stmt st(db_, "select id, name, config from notetypes");
    while (st.step()) {
      auto it = index.find(st.i64(0));
      if (it == index.end()) continue;
      NotetypeInfo& nt = out[it->second];
      nt.name = st.text(1);
      std::string cfg = st.blob(2);
      nt.is_cloze = proto_field(cfg, 1).varint == 1;
      nt.sort_field = static_cast<uint32_t>(proto_field(cfg, 2).varint);
    }
  }
  {
    Stmt st(db_, "select ntid, ord, name, config from fields order by ntid, ord");
    while (st.step()) {
      auto it = index.find(st.i64(0));
      if (it == index.end()) continue;
      std::string cfg = st.blob(3);
      out[it->second].fields.push_back(FieldInfo{static_cast<uint32_t>(st.i64(1)), st.text(2),
                                                 proto_field(cfg, 8).varint != 0});
    }
  }
  notetypes_ = std::move(out);
  return *notetypes_;
}

Timing SqliteSearchContext::timing() {
  if (timing_) return *timing_;
  int64_t now = clock_.now_secs ? *clock_.now_secs
                                : std::chrono::duration_cast<std::chrono::seconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
  int32_t offset;
  if (clock_.utc_offset_mins_west) {
    offset = *clock_.utc_offset_mins_west;
  } else {
    std::time_t tt = static_cast<std::time_t>(now);
    std::tm local{};
    localtime_r(&tt, &local);
    offset = static_cast<int32_t>(-local.tm_gmtoff / 60);
  }
  int64_t crt = 0;
  {
    Stmt st(db_, "select crt from col");
    if (st.step()) crt = st.i64(0);
  }
  auto creation = config_int("creationOffset");
  // Narrowed to int only after the range checks compute_timing makes, so out-of-range config values
  // behave as before: schedVer only matters as < 2, rollover is clamped to 0..23.
  const int sched_ver = config_int("schedVer").value_or(1) < 2 ? 1 : 2;
  const int rollover = static_cast<int>(std::clamp<int64_t>(config_int("rollover").value_or(4), 0, 23));
  const SchedTiming t = compute_timing(
      TimestampSecs{crt}, sched_ver, rollover,
      creation ? std::optional<int>(static_cast<int32_t>(*creation)) : std::nullopt, offset, TimestampSecs{now});
  timing_ = Timing{t.today, t.next_day_at.v, t.now.v};
  return *timing_;
}

int64_t SqliteSearchContext::learn_ahead_secs() { return config_int("collapseTime").value_or(1200); }

bool SqliteSearchContext::normalize_note_text() {
  return config_bool("normalize_note_text").value_or(true);
}

bool SqliteSearchContext::ignore_accents_in_search() {
  return config_bool("ignoreAccentsInSearch").value_or(false);
}

std::optional<std::string> SqliteSearchContext::current_deck_name() {
  int64_t did = config_int("curDeck").value_or(1);
  Stmt st(db_, "select name from decks where id = ?");
  sqlite3_bind_int64(st.get(), 1, did);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

std::optional<int64_t> SqliteSearchContext::preset_id(std::string_view name) {
  Stmt st(db_, "select id from deck_config where name = ?");
  sqlite3_bind_text(st.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  if (!st.step()) return std::nullopt;
  return st.i64(0);
}

std::vector<int64_t> SqliteSearchContext::decks_using_preset(int64_t preset_id) {
  std::vector<int64_t> out;
  Stmt st(db_, "select id, kind from decks");
  while (st.step()) {
    std::string kind = st.blob(1);
    ProtoField normal = proto_field(kind, 1);
    if (!normal.present) continue;
    // Normal.config_id (field 1); an absent field means 0.
    if (static_cast<int64_t>(proto_field(normal.bytes, 1).varint) == preset_id)
      out.push_back(st.i64(0));
  }
  return out;
}

std::vector<std::pair<int64_t, std::string>> SqliteSearchContext::notes_by_checksum(int64_t ntid,
                                                                                    uint32_t csum) {
  std::vector<std::pair<int64_t, std::string>> out;
  Stmt st(db_, "select id, flds from notes where csum = ? and mid = ?");
  sqlite3_bind_int64(st.get(), 1, csum);
  sqlite3_bind_int64(st.get(), 2, ntid);
  while (st.step()) {
    std::string flds = st.text(1);
    out.emplace_back(st.i64(0), flds.substr(0, flds.find('\x1f')));
  }
  return out;
}

}  // namespace ankc::native::search
