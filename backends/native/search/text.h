// Text helpers of the search language: Anki's escape levels (search.md §2.5), the four wildcard
// converters (§3.1), Unicode normalisation and the "no combining" fold (§3.5), deck-name
// normalisation, cloze stripping and the HTML stripping used by dupe:. Pure functions on UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ankc::native::search {

// Every Unicode White_Space character becomes an ASCII space; then leading/trailing spaces go.
std::string normalize_whitespace_and_trim(std::string_view query);

// The first invalid escape in `text` (e.g. "\k", or "\" at the end), or nullopt if none.
std::optional<std::string> invalid_escape(std::string_view text);

// Drops the parser escapes \" \: \( \) \- (keeps \\ \* \_). Call invalid_escape() first.
std::string unescape_parser_escapes(std::string_view text);

// \" -> " only (raw values: re:, field:re:, field:nc:, tag:re:).
std::string unescape_quotes(std::string_view text);

// \" -> " and \\ -> \ (dupe: text).
std::string unescape_quotes_and_backslashes(std::string_view text);

// True if `text` has * or _ preceded by an even number of backslashes.
bool is_glob(std::string_view text);

// Anki wildcards to a LIKE pattern (ESCAPE '\').
std::string to_sql_like(std::string_view text);

// Anki wildcards to a regex; `wildcard` is the one-character atom ("." or "\\S").
std::string to_custom_re(std::string_view text, std::string_view wildcard);

// to_custom_re with ".".
std::string to_re(std::string_view text);

// Drops every backslash that escapes something (\X -> X).
std::string to_text(std::string_view text);

// Escapes regex metacharacters like the Rust regex crate's escape().
std::string regex_escape(std::string_view text);

// Unicode NFC.
std::string nfc(std::string_view text);

// NFKD, minus combining marks, plus Anki's extra Latin replacements (ß->s, Ø->O, ...).
std::string without_combining(std::string_view text);

// Replaces every {{cN::text[::hint]}} by its text.
std::string strip_clozes(std::string_view text);

// Human deck name ("a::b") to the native form (components joined by U+001F), normalising
// each component as Anki does (NFC, no ASCII controls, trimmed, empty -> "blank").
std::string native_deck_name(std::string_view human);

// Anki's strip_html_preserving_media_filenames (collection-format.md §8.4).
std::string strip_html_preserving_media(std::string_view html);

// Anki's field checksum: first 4 bytes of SHA-1 of `text`, big-endian.
uint32_t field_checksum(std::string_view text);

// Unicode case-insensitive equality with full case folding (Anki's unicase).
bool unicase_equal(std::string_view a, std::string_view b);

// Three-way unicase comparison (for the collation).
int unicase_compare(std::string_view a, std::string_view b);

}  // namespace ankc::native::search
