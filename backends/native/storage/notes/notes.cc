#include "backends/native/storage/notes/notes.h"

#include <algorithm>

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kGet =
    "SELECT id, guid, mid, mod, usn, tags, flds, cast(sfld AS text), csum FROM notes WHERE id = ?";
constexpr const char* kAdd =
    "INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) VALUES ("
    "(CASE WHEN ?1 IN (SELECT id FROM notes) THEN (SELECT max(id) + 1 FROM notes) ELSE ?1 END),"
    " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, '') RETURNING id";
constexpr const char* kInsert =
    "INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, '')";
constexpr const char* kMaxId = "SELECT max(id) FROM notes";
constexpr NewRowSql kNewRowSql{kAdd, kInsert, kMaxId};
constexpr const char* kPut =
    "INSERT OR REPLACE INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, '')";
constexpr const char* kRemove = "DELETE FROM notes WHERE id = ?";
constexpr const char* kAllIds = "SELECT id FROM notes ORDER BY id";
constexpr const char* kAllTags = "SELECT DISTINCT tags FROM notes WHERE tags != ''";
constexpr const char* kOfNotetype = "SELECT id FROM notes WHERE mid = ? ORDER BY id";
// Anki's shape (csum first, no ORDER BY), with `+mid` so the planner cannot pick idx_notes_mid: on a
// collection whose sqlite_stat1 has no rows for notes (every new one) it otherwise did, scanning the
// whole note type per duplicate check (O(N²) addNotes). EXPLAIN QUERY PLAN: ix_notes_csum (csum=?).
constexpr const char* kWithCsum = "SELECT id FROM notes WHERE csum = ? AND +mid = ?";

void bind_row(Query& q, const NoteRow& row) {
  q.text(2, row.guid).int64(3, row.mid.v).int64(4, row.mtime.v).int64(5, row.usn.v).text(6, row.tags)
      .text(7, row.flds).text(8, row.sfld).int64(9, row.csum);
}

std::vector<NoteId> ids(Query& q) {
  std::vector<NoteId> out;
  while (q.next()) out.push_back(NoteId{q.col_int64(0)});
  return out;
}
}  // namespace

std::optional<NoteRow> get_note(Db& db, NoteId id) {
  auto q = db.query(kGet);
  q.int64(1, id.v);
  if (!q.next()) return std::nullopt;
  NoteRow r;
  r.id.v = q.col_int64(0);
  r.guid = q.col_text(1);
  r.mid.v = q.col_int64(2);
  r.mtime.v = q.col_int64(3);
  r.usn.v = static_cast<int32_t>(q.col_int64(4));
  r.tags = q.col_text(5);
  r.flds = q.col_text(6);
  r.sfld = q.col_text(7);
  r.csum = static_cast<uint32_t>(q.col_int64(8));
  return r;
}

NoteId add_note(Db& db, NoteRow& row, TimestampMillis now) {
  row.id.v = add_row(db, kNewRowSql, now, [&](Query& q) { bind_row(q, row); });
  return row.id;
}

NoteId add_note(Db& db, NoteRow& row, TimestampMillis now, NewRowIds& ids) {
  row.id.v = add_row(db, kNewRowSql, now, ids, [&](Query& q) { bind_row(q, row); });
  return row.id;
}

void put_note(Db& db, const NoteRow& row) {
  auto q = db.query(kPut);
  q.int64(1, row.id.v);
  bind_row(q, row);
  q.run();
}

void remove_note(Db& db, NoteId id) { db.query(kRemove).int64(1, id.v).run(); }

std::vector<NoteId> note_ids_of_notetype(Db& db, NotetypeId mid) {
  auto q = db.query(kOfNotetype);
  q.int64(1, mid.v);
  return ids(q);
}

std::vector<NoteId> all_note_ids(Db& db) {
  auto q = db.query(kAllIds);
  return ids(q);
}

std::vector<std::string> all_note_tags(Db& db) {
  std::vector<std::string> out;
  auto q = db.query(kAllTags);
  while (q.next()) out.push_back(q.col_text(0));
  return out;
}

std::vector<NoteId> note_ids_with_csum(Db& db, NotetypeId mid, uint32_t csum) {
  auto q = db.query(kWithCsum);
  q.int64(1, csum).int64(2, mid.v);
  std::vector<NoteId> out = ids(q);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ankc::native::storage
