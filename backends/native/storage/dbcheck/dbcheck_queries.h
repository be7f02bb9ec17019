// Read-only scans the collection checker and Check Database stream through (dbcheck/). Each scan
// keeps one statement open and hands out one row at a time, so checking never loads the whole
// collection.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "backends/native/storage/ids.h"
#include "backends/native/storage/statement.h"

namespace ankc::native::storage {

class Db;

// A note as the checker sees it: raw columns plus the ordinals of its cards.
struct NoteCheckRow {
  NoteId id;
  NotetypeId mid;
  std::string flds;
  std::string tags;
  std::string sfld;        // CAST(sfld AS TEXT)
  int64_t csum = 0;
  std::string card_ords;  // the note's card ordinals, comma-separated (empty: no cards)
};

// Every note, by id.
class NoteCheckScan {
 public:
  explicit NoteCheckScan(Db& db);
  // Fills row with the next note; false at the end.
  bool next(NoteCheckRow& row);

 private:
  Query query_;
};

// A card's `data` column (only cards whose data is neither '' nor '{}').
struct CardDataRow {
  CardId id;
  std::string data;
};

class CardDataScan {
 public:
  explicit CardDataScan(Db& db);
  bool next(CardDataRow& row);

 private:
  Query query_;
};

// What `text` reads back as after being written into an INTEGER-affinity column such as
// notes.sfld and read with CAST(... AS TEXT): numeric-looking text comes back reformatted
// ("0123" -> "123", "1e3" -> "1000"). Uses a TEMP table; the collection file is not touched.
std::string text_after_integer_affinity(Db& db, std::string_view text);

}  // namespace ankc::native::storage
