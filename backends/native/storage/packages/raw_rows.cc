#include "backends/native/storage/packages/raw_rows.h"

#include "backends/native/storage/sql_id_list.h"

#include <sqlite3.h>

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kNoteColumns = "id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data";
constexpr const char* kCardColumns =
    "id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data";
constexpr const char* kAllNotes = "SELECT id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data FROM notes ORDER BY id";
constexpr const char* kAllCardsWithNote =
    "SELECT n.guid, n.mid, c.id, c.nid, c.did, c.ord, c.mod, c.usn, c.type, c.queue, c.due, c.ivl, c.factor,"
    " c.reps, c.lapses, c.left, c.odue, c.odid, c.flags, c.data FROM cards c, notes n WHERE c.nid = n.id";
constexpr const char* kRevlogOfCard =
    "SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid = ? ORDER BY id";
constexpr const char* kPutNote =
    "INSERT OR REPLACE INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?)";
constexpr const char* kInsertCard =
    "INSERT OR IGNORE INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses,"
    " left, odue, odid, flags, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
constexpr const char* kInsertRevlog =
    "INSERT OR IGNORE INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
    " VALUES (?,?,?,?,?,?,?,?,?)";
constexpr const char* kNoteKeys = "SELECT id, guid, mod, mid FROM notes";
constexpr const char* kCardKeys = "SELECT n.guid, c.ord, c.id FROM cards c, notes n WHERE c.nid = n.id";
constexpr const char* kResetCounts = "UPDATE cards SET reps = 0, lapses = 0, odid = 0, odue = 0, queue = 0 WHERE id = ?";
constexpr const char* kAsNew =
    "UPDATE cards SET type = 0, queue = 0, ivl = 0, factor = 0, due = ?2, mod = ?3, usn = -1 WHERE id = ?1";
constexpr const char* kIsNotNew = "SELECT 1 FROM cards WHERE id = ? AND (queue != 0 OR type != 0)";

SqlValue value_at(const Query& q, int col) {
  SqlValue v;
  v.type = q.col_type(col);
  if (v.type == SQLITE_INTEGER) v.i = q.col_int64(col);
  else if (v.type == SQLITE_FLOAT) v.d = q.col_double(col);
  else if (v.type == SQLITE_TEXT) v.s = q.col_text(col);
  else if (v.type == SQLITE_BLOB) v.s = q.col_blob(col);
  return v;
}

std::vector<SqlRow> rows(Query q, int columns) {
  std::vector<SqlRow> out;
  while (q.next()) {
    SqlRow row;
    for (int c = 0; c < columns; ++c) row.push_back(value_at(q, c));
    out.push_back(std::move(row));
  }
  return out;
}

void bind_all(Query& q, const SqlRow& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    const SqlValue& v = row[i];
    if (v.type == SQLITE_INTEGER) q.int64(index, v.i);
    else if (v.type == SQLITE_FLOAT) q.int64(index, static_cast<int64_t>(v.d));  // integer columns only
    else if (v.type == SQLITE_TEXT) q.text(index, v.s);
    else if (v.type == SQLITE_BLOB) q.blob(index, v.s);
    else q.null(index);
  }
}
}  // namespace

std::vector<SqlRow> all_note_rows(Db& db) { return rows(db.query(kAllNotes), 11); }

std::vector<SqlRow> note_rows_with_ids(Db& db, const std::vector<int64_t>& ids) {
  std::string sql = std::string("SELECT ") + kNoteColumns + " FROM notes WHERE id IN " + sql_id_list(ids) + " ORDER BY id";
  return rows(db.query_uncached(sql), 11);
}

std::vector<SqlRow> all_card_rows_with_note(Db& db) { return rows(db.query(kAllCardsWithNote), 20); }

std::vector<SqlRow> card_rows_in_decks(Db& db, const std::vector<int64_t>& dids) {
  std::string sql = std::string("SELECT ") + kCardColumns + " FROM cards WHERE did IN " + sql_id_list(dids) + " ORDER BY id";
  return rows(db.query_uncached(sql), 18);
}

std::vector<SqlRow> revlog_rows_of_card(Db& db, int64_t cid) {
  auto q = db.query(kRevlogOfCard);
  q.int64(1, cid);
  return rows(std::move(q), 9);
}

std::vector<SqlRow> revlog_rows_of_cards(Db& db, const std::vector<int64_t>& cids) {
  std::string sql = "SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid IN " +
                    sql_id_list(cids) + " ORDER BY id";
  return rows(db.query_uncached(sql), 9);
}

void put_note_row(Db& db, const SqlRow& row) {
  auto q = db.query(kPutNote);
  bind_all(q, row);
  q.run();
}

void insert_card_row_or_ignore(Db& db, const SqlRow& row) {
  auto q = db.query(kInsertCard);
  bind_all(q, row);
  q.run();
}

void insert_revlog_row_or_ignore(Db& db, const SqlRow& row) {
  auto q = db.query(kInsertRevlog);
  bind_all(q, row);
  q.run();
}

std::vector<NoteKey> all_note_keys(Db& db) {
  std::vector<NoteKey> out;
  auto q = db.query(kNoteKeys);
  while (q.next()) out.push_back(NoteKey{q.col_int64(0), q.col_text(1), q.col_int64(2), q.col_int64(3)});
  return out;
}

std::vector<CardKey> all_card_keys(Db& db) {
  std::vector<CardKey> out;
  auto q = db.query(kCardKeys);
  while (q.next()) out.push_back(CardKey{q.col_text(0), q.col_int64(1), q.col_int64(2)});
  return out;
}

std::vector<int64_t> non_new_card_ids(Db& db, const std::vector<int64_t>& cids) {
  std::vector<int64_t> out;
  for (int64_t cid : cids) {
    auto q = db.query(kIsNotNew);
    q.int64(1, cid);
    if (q.next()) out.push_back(cid);
  }
  return out;
}

void reset_card_counts(Db& db, const std::vector<int64_t>& cids) {
  for (int64_t cid : cids) db.query(kResetCounts).int64(1, cid).run();
}

void schedule_card_as_new(Db& db, int64_t cid, int64_t position, TimestampSecs mtime) {
  db.query(kAsNew).int64(1, cid).int64(2, position).int64(3, mtime.v).run();
}

void remove_all_notetypes(Db& db) { db.exec("DELETE FROM templates; DELETE FROM fields; DELETE FROM notetypes;"); }

}  // namespace ankc::native::storage
