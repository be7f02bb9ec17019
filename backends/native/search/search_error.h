// Search errors: the kinds Anki's parser reports (search.md §8.1) and their exact en-US texts with
// Fluent's isolation marks (§8.2). Every failure leaves as ankc::ActionError carrying the bytes
// AnkiConnect would send.
#pragma once

#include <string>

namespace ankc::native::search {

enum class SearchErrorKind {
  MisplacedAnd,
  MisplacedOr,
  EmptyGroup,
  UnopenedGroup,
  UnclosedGroup,
  EmptyQuote,
  UnclosedQuote,
  MissingKey,
  UnknownEscape,               // a = the escape sequence
  InvalidState,                // a = the is: value
  InvalidFlag,
  InvalidPropProperty,         // a = everything after prop:
  InvalidPropOperator,         // a = the recognised property
  InvalidNumber,               // a = context, b = provided
  InvalidWholeNumber,          // a = context, b = provided
  InvalidPositiveWholeNumber,  // a = context, b = provided
  InvalidNegativeWholeNumber,  // a = context, b = provided
  InvalidAnswerButton,         // a = context, b = provided
  Other,                       // a = info text (not isolated)
};

// The full message "Invalid search: ⁨…⁩" for a parse error.
std::string search_error_text(SearchErrorKind kind, const std::string& a = {},
                              const std::string& b = {});

// Throws ankc::ActionError with search_error_text(kind, a, b).
[[noreturn]] void throw_search_error(SearchErrorKind kind, const std::string& a = {},
                                     const std::string& b = {});

// Groups nested deeper than this are refused while parsing, before the recursion can exhaust the stack.
// The SQLite we link (3.40) already fails the generated SQL from about 50 levels with "parser stack
// overflow", so no query that could succeed here is refused, and deeper ones keep that answer.
inline constexpr int kMaxGroupDepth = 1000;

// Throws the error a too deeply nested query gets: the DbError Anki reports when SQLite's parser
// overflows on the SQL (search.md §8.3), the text a query nested a little less deep gets. Anki's own
// parser has no depth error of its own. A parse error further right in such a query is not reported.
[[noreturn]] void throw_nesting_too_deep();

}  // namespace ankc::native::search
