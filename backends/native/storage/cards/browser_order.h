// The Browser's sort columns in card mode (rslib search/mod.rs card_order_from_sort_column): the
// ORDER BY each column key stands for, applied to a list of cards.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

// `cards` sorted by the Browser column `column` (AnkiConnect's columnId keys: noteCrt, cardDue,
// noteFld, ...), descending when asked. Columns sorted by rendered text or FSRS memory (question,
// answer, note type, original position, stability, difficulty, retrievability) keep the given
// order. `today`/`now` time the due column.
std::vector<CardId> sort_cards_by_column(Db& db, const std::vector<CardId>& cards, std::string_view column,
                                         bool descending, int64_t today, int64_t now);

}  // namespace ankc::native::storage
