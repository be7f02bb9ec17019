// AnkiConnect builds a few statements by pasting str() of request values into SQL text (spec Q29:
// insertReviews, changeDeck, cardsToNotes, relearnCards), so a string in a request runs as SQL. These
// helpers keep Anki's answers for that text while never running what a request wrote: the text is
// still built and prepared (not run) for SQLite's errors, and each value is then used only as the one
// SQL literal SQLite would read from it, bound or rewritten canonically; any other value is refused.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/revlog/raw_sql.h"

namespace ankc::native {

// The values of one pasted list.
struct PastedValues {
  std::string text;                        // str() of each value joined by ',', as AnkiConnect pastes them
  std::vector<storage::SqlValue> literals;  // what SQLite reads from each (valid when !unsafe)
  const boost::json::value* unsafe = nullptr;  // the first value that is not one SQL literal
};

// What SQLite reads from str(v) pasted into SQL when that is one literal: ints, finite floats,
// True/False (1/0), strings per storage::sql_literal_value. nullopt for None (an identifier to SQLite),
// inf/nan, lists, dicts and strings holding anything else.
std::optional<storage::SqlValue> pasted_value(const boost::json::value& v);

// pasted_value of every element of `values`, with AnkiConnect's text.
PastedValues paste_values(const boost::json::array& values);

// The literals joined by ',' ("1,2.5,'x'"), safe to paste in place of PastedValues::text.
std::string literal_text(const std::vector<storage::SqlValue>& literals);

// Throws the refusal of a value that is not one SQL literal: AnkiConnect would have run it as SQL.
[[noreturn]] void refuse_pasted_value(std::string_view action, const boost::json::value& v);

}  // namespace ankc::native
