#include "backends/native/storage/dbcheck/dbcheck_queries.h"

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {

constexpr std::string_view kScanNotes =
    "SELECT n.id, n.mid, n.flds, n.tags, CAST(n.sfld AS TEXT), n.csum,"
    " (SELECT group_concat(c.ord) FROM cards c WHERE c.nid = n.id)"
    " FROM notes n ORDER BY n.id";
constexpr std::string_view kScanCardData = "SELECT id, data FROM cards WHERE data NOT IN ('', '{}') ORDER BY id";
constexpr std::string_view kCreateProbe = "CREATE TEMP TABLE IF NOT EXISTS ankc_affinity_probe (v integer)";
constexpr std::string_view kInsertProbe = "INSERT INTO temp.ankc_affinity_probe (v) VALUES (?)";
constexpr std::string_view kReadProbe = "SELECT CAST(v AS TEXT) FROM temp.ankc_affinity_probe";
constexpr std::string_view kClearProbe = "DELETE FROM temp.ankc_affinity_probe";

}  // namespace

NoteCheckScan::NoteCheckScan(Db& db) : query_(db.query_uncached(kScanNotes)) {}

bool NoteCheckScan::next(NoteCheckRow& row) {
  if (!query_.next()) return false;
  row.id = NoteId{query_.col_int64(0)};
  row.mid = NotetypeId{query_.col_int64(1)};
  row.flds = query_.col_text(2);
  row.tags = query_.col_text(3);
  row.sfld = query_.col_text(4);
  row.csum = query_.col_int64(5);
  row.card_ords = query_.col_is_null(6) ? std::string() : query_.col_text(6);
  return true;
}

CardDataScan::CardDataScan(Db& db) : query_(db.query_uncached(kScanCardData)) {}

bool CardDataScan::next(CardDataRow& row) {
  if (!query_.next()) return false;
  row.id = CardId{query_.col_int64(0)};
  row.data = query_.col_text(1);
  return true;
}

std::string text_after_integer_affinity(Db& db, std::string_view text) {
  db.exec(kCreateProbe);
  db.query(kClearProbe).run();
  db.query(kInsertProbe).text(1, text).run();
  std::string out;
  {
    auto q = db.query(kReadProbe);
    if (q.next()) out = q.col_text(0);
  }
  db.query(kClearProbe).run();
  return out;
}

}  // namespace ankc::native::storage
