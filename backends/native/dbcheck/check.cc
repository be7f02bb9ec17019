#include "backends/native/dbcheck/check.h"

#include <boost/json/parse.hpp>
#include <chrono>

#include "backends/action_error.h"
#include "backends/native/dbcheck/checker.h"
#include "backends/native/proto/deck.pb.h"
#include "backends/native/proto/deck_config.pb.h"
#include "backends/native/proto/notetype_config.pb.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/dbcheck/invariant_sql.h"

namespace ankc::native {
namespace dbcheck {

void Checker::limited(const std::string& key, int invariant, bool error, std::string message) {
  for (auto& [k, n] : counts_) {
    if (k != key) continue;
    if (++n == kLimitPerKind + 1) add(invariant, error, "(more like the above: " + key + ")");
    if (n <= kLimitPerKind) add(invariant, error, std::move(message));
    return;
  }
  counts_.emplace_back(key, 1);
  add(invariant, error, std::move(message));
}

namespace {

void run_row_checks(Checker& c, int invariant, TimestampMillis now) {
  for (const storage::RowCheck& rc : storage::row_checks()) {
    if (rc.invariant != invariant) continue;
    auto q = c.db().query_uncached(rc.sql);
    if (rc.binds_now) q.int64(1, now.v);
    int shown = 0;
    while (q.next()) {
      if (++shown > Checker::kLimitPerKind) {
        c.add(invariant, rc.error, std::string(rc.what) + ": (more rows)");
        break;
      }
      c.add(invariant, rc.error, std::string(rc.what) + ": " + q.col_text(0));
    }
  }
}

// Invariants 4 and 5 for one protobuf column: a BLOB that decodes as M.
template <typename M>
void check_blobs(Checker& c, std::string_view table, std::string_view column, std::string_view key) {
  auto q = storage::blob_column_scan(c.db(), table, column, key);
  std::string where = std::string(table) + "." + std::string(column) + " of ";
  while (q.next()) {
    if (q.col_text(1) != "blob") c.error(4, where + q.col_text(0) + " is not a BLOB");
    M m;
    if (!m.ParseFromString(q.col_blob(2))) c.error(5, where + q.col_text(0) + " does not decode");
  }
}

void check_container(Checker& c) {
  for (const std::string& line : storage::integrity_problems(c.db())) c.error(1, "integrity_check: " + line);
  if (storage::page_size(c.db()) != 4096) c.error(1, "page size is not 4096");
}

// False when a table or index is missing (the other checks need the schema).
bool check_schema(Checker& c) {
  bool ok = true;
  for (std::string_view t : storage::schema_tables())
    if (!storage::schema_object_exists(c.db(), "table", t)) {
      c.error(2, "missing table " + std::string(t));
      ok = false;
    }
  for (std::string_view i : storage::schema_indexes())
    if (!storage::schema_object_exists(c.db(), "index", i)) {
      c.error(2, "missing index " + std::string(i));
      ok = false;
    }
  return ok;
}

void check_blob_columns(Checker& c) {
  check_blobs<pb::NotetypeConfig>(c, "notetypes", "config", "id");
  check_blobs<pb::FieldConfig>(c, "fields", "config", "ntid || ':' || ord");
  check_blobs<pb::TemplateConfig>(c, "templates", "config", "ntid || ':' || ord");
  check_blobs<pb::DeckCommon>(c, "decks", "common", "id");
  check_blobs<pb::DeckKindContainer>(c, "decks", "kind", "id");
  check_blobs<pb::DeckConfigConfig>(c, "deck_config", "config", "id");
  {
    auto q = storage::blob_column_scan(c.db(), "decks", "kind", "id");
    while (q.next()) {
      pb::DeckKindContainer k;
      if (k.ParseFromString(q.col_blob(2)) && k.kind_case() == pb::DeckKindContainer::KIND_NOT_SET)
        c.error(5, "deck " + q.col_text(0) + " has no kind");
      if (q.col_text(0) == "1" && k.has_filtered()) c.error(6, "deck 1 is a filtered deck");
    }
  }
  auto q = storage::blob_column_scan(c.db(), "config", "val", "KEY");
  while (q.next()) {
    if (q.col_text(1) != "blob") c.error(4, "config." + q.col_text(0) + " is not a BLOB");
    boost::system::error_code ec;
    boost::json::parse(q.col_blob(2), ec);
    if (ec) c.error(5, "config." + q.col_text(0) + " is not valid JSON");
  }
}

void check_config_keys(Checker& c) {
  for (const char* key : {"curDeck", "curModel", "nextPos", "schedVer", "sched2021", "activeDecks", "creationOffset"})
    if (!storage::config_key_exists(c.db(), key)) c.warning(23, std::string("config key missing: ") + key);
}

}  // namespace
}  // namespace dbcheck

std::string Violation::line() const {
  return std::to_string(invariant) + (error ? " error: " : " warning: ") + message;
}

std::vector<Violation> check_collection(storage::Db& db, TimestampMillis now) {
  using namespace dbcheck;
  std::vector<Violation> out;
  Checker c(db, out);
  check_container(c);
  bool schema_ok = check_schema(c);
  run_row_checks(c, 2, now);
  if (!schema_ok) return out;  // the rest needs the schema
  for (int inv : {3, 4}) run_row_checks(c, inv, now);
  check_blob_columns(c);  // 4, 5 (and 6: deck 1 normal)
  run_row_checks(c, 6, now);
  check_deck_names(c);    // 7
  check_deck_presets(c);  // 8
  Notetypes notetypes = load_all_notetypes(db);
  run_row_checks(c, 9, now);
  check_notetype_names(c, notetypes);  // 9
  check_templates(c, notetypes);       // 10, 11
  run_row_checks(c, 12, now);
  check_notes(c, notetypes);  // 13, 14, 16, 19
  for (int inv : {15, 17, 18, 19, 20, 21}) run_row_checks(c, inv, now);
  check_card_data(c);  // 21
  run_row_checks(c, 22, now);
  check_config_keys(c);
  for (int inv : {23, 24, 25}) run_row_checks(c, inv, now);
  return out;
}

std::vector<Violation> check_collection_file(const std::filesystem::path& path) {
  bool leftover_wal = std::filesystem::exists(path.string() + "-wal");
  auto db = storage::Db::open(path, false);
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  auto out = check_collection(*db, TimestampMillis{now.count()});
  db->close();
  if (leftover_wal) out.push_back({1, true, "a -wal file is left next to the collection"});
  return out;
}

bool recover_leftover_wal(const std::filesystem::path& path) {
  std::filesystem::path wal = path.string() + "-wal";
  if (!std::filesystem::exists(wal)) return false;
  storage::Db::open(path, false)->close();
  if (std::filesystem::exists(wal))
    throw ActionError("the -wal file next to the collection could not be checkpointed into it (" + wal.string() +
                      "): open the collection read-write as a user who may write its folder, e.g. sqlite3 " +
                      path.string() + " 'PRAGMA wal_checkpoint(TRUNCATE)', or in Anki");
  return true;
}

}  // namespace ankc::native
