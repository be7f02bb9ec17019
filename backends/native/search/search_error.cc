#include "backends/native/search/search_error.h"

#include "backends/action_error.h"

namespace ankc::native::search {
namespace {

constexpr const char* kFsi = "\u2068";
constexpr const char* kPdi = "\u2069";

// Fluent replaces backticks in substituted values by apostrophes (search.md §8.1).
std::string isolate(std::string value) {
  for (char& c : value)
    if (c == '`') c = '\'';
  return std::string(kFsi) + value + kPdi;
}

std::string reason(SearchErrorKind kind, const std::string& a, const std::string& b) {
  using K = SearchErrorKind;
  switch (kind) {
    case K::MisplacedAnd:
      return "an `and` was found but it is not connecting two search terms. If you want to search "
             "for the word itself, wrap it in double quotes: `\"and\"`.";
    case K::MisplacedOr:
      return "an `or` was found but it is not connecting two search terms. If you want to search "
             "for the word itself, wrap it in double quotes: `\"or\"`.";
    case K::EmptyGroup:
      return "a group `(...)` was found, but there was nothing between the brackets to search "
             "for. If you want to search for literal brackets, wrap them in double quotes: "
             "`\"( )\"`.";
    case K::UnopenedGroup:
      return "a closing bracket `)` was found, but there was no opening bracket `(` preceding it. "
             "If you want to search for a literal `)`, wrap it in double quotes or prepend a "
             "backslash: `\")\"` or `\\)`.";
    case K::UnclosedGroup:
      return "an opening bracket `(` was found, but there was no closing bracket `)` following "
             "it. If you want to search for a literal `(`, wrap it in double quotes or prepend a "
             "backslash: `\"(\"` or `\\(` .";
    case K::EmptyQuote:
      return "a pair of double quotes `\"\"` was found, but there was nothing between them to "
             "search for. If you want to search for literal double quotes, prepend backslashes: "
             "`\\\"\\\"`.";
    case K::UnclosedQuote:
      return "an opening double quote `\"` was found, but there was no second one to close it. If "
             "you want to search for a literal `\"`, prepend a backslash: `\\\"`.";
    case K::MissingKey:
      return "a colon `:` was found, but there was no keyword preceding it. If you want to search "
             "for a literal `:`, prepend a backslash: `\\:`.";
    case K::UnknownEscape:
      return "the escape sequence `" + isolate(a) +
             "` is not defined. If you want to search for a literal backslash `\\`, prepend "
             "another one: `\\\\`.";
    case K::InvalidState:
      return "`" + isolate("is:") + "` was given an invalid argument '`" + isolate(a) + "`'.";
    case K::InvalidPropProperty:
      return "`" + isolate("prop:") + "` was given an invalid argument '`" + isolate(a) + "`'.";
    case K::InvalidFlag:
      return "`flag:` must be followed by a valid flag number: `1` (red), `2` (orange), `3` "
             "(green), `4` (blue), `5` (pink), `6` (turquoise), `7` (purple) or `0` (no flag).";
    case K::InvalidPropOperator:
      return "`prop:" + isolate(a) +
             "` must be followed by one of the following comparison operators: `=`, `!=`, `<`, "
             "`>`, `<=` or `>=`.";
    case K::InvalidNumber:
      return "expected a number in \"`" + isolate(a) + "`\", but found \"`" + isolate(b) + "`\".";
    case K::InvalidWholeNumber:
      return "expected a whole number in \"`" + isolate(a) + "`\", but found \"`" + isolate(b) +
             "`\".";
    case K::InvalidPositiveWholeNumber:
      return "expected a positive whole number in \"`" + isolate(a) + "`\", but found \"`" +
             isolate(b) + "`\".";
    case K::InvalidNegativeWholeNumber:
      return "expected a whole number less than or equal to 0 in \"`" + isolate(a) +
             "`\", but found \"`" + isolate(b) + "`\".";
    case K::InvalidAnswerButton:
      return "expected an answer button between 1-4 in \"`" + isolate(a) + "`\", but found \"`" +
             isolate(b) + "`\".";
    case K::Other:
      return a;
  }
  return a;
}

}  // namespace

std::string search_error_text(SearchErrorKind kind, const std::string& a, const std::string& b) {
  return "Invalid search: " + std::string(kFsi) + reason(kind, a, b) + kPdi;
}

void throw_search_error(SearchErrorKind kind, const std::string& a, const std::string& b) {
  throw ankc::ActionError(search_error_text(kind, a, b));
}

void throw_nesting_too_deep() {
  // search.cc's throw_db_error text for SQLITE_ERROR "parser stack overflow".
  throw ankc::ActionError(
      "DbError { info: \"SqliteFailure(Error { code: Unknown, extended_code: 1 }, "
      "Some(\\\"parser stack overflow\\\"))\", kind: Other }");
}

}  // namespace ankc::native::search
