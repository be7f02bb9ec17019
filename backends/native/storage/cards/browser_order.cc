#include "backends/native/storage/cards/browser_order.h"

#include <string>

#include "backends/native/storage/db.h"
#include "backends/native/storage/sql_id_list.h"

namespace ankc::native::storage {
namespace {

std::string order_clause(std::string_view column, int64_t today, int64_t now) {
  if (column == "cardMod") return "c.mod asc";
  if (column == "template") return "c.ord asc";
  if (column == "deck") return "(SELECT name FROM decks WHERE id = c.did) asc";
  if (column == "cardDue")
    return "(case when c.due > 1000000000 or c.type = 0 then due else (due - " + std::to_string(today) +
           ") * 86400 + " + std::to_string(now) + " end) asc";
  if (column == "cardEase") return "c.type = 0 asc, c.factor asc";
  if (column == "cardIvl") return "c.ivl asc";
  if (column == "cardLapses") return "c.lapses asc";
  if (column == "noteCrt") return "n.id asc, c.ord asc";
  if (column == "noteMod") return "n.mod asc, c.ord asc";
  if (column == "cardReps") return "c.reps asc";
  if (column == "noteFld") return "n.sfld collate nocase asc, c.ord asc";
  if (column == "noteTags") return "n.tags asc";
  return "";
}

// Anki reverses a column's order by turning each "asc" into "desc".
std::string reversed(std::string clause) {
  for (size_t pos = clause.find(" asc"); pos != std::string::npos; pos = clause.find(" asc", pos + 5))
    clause.replace(pos, 4, " desc");
  return clause;
}

}  // namespace

std::vector<CardId> sort_cards_by_column(Db& db, const std::vector<CardId>& cards, std::string_view column,
                                         bool descending, int64_t today, int64_t now) {
  std::string clause = order_clause(column, today, now);
  if (clause.empty() || cards.empty()) return cards;
  if (descending) clause = reversed(clause);
  std::vector<int64_t> ids;
  ids.reserve(cards.size());
  for (CardId c : cards) ids.push_back(c.v);
  auto q = db.query_uncached("SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE c.id IN " + sql_id_list(ids) +
                             " ORDER BY " + clause);
  std::vector<CardId> out;
  while (q.next()) out.push_back(CardId{q.col_int64(0)});
  return out;
}

}  // namespace ankc::native::storage
