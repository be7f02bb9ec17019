// Distinct id and time types of the collection, so a card id cannot be passed where a note id is
// expected (rslib's NoteId, CardId, ...). Every id is a plain int64 in SQLite.
#pragma once

#include <compare>
#include <cstdint>

namespace ankc::native {

struct NoteId { int64_t v = 0; auto operator<=>(const NoteId&) const = default; };
struct CardId { int64_t v = 0; auto operator<=>(const CardId&) const = default; };
struct DeckId { int64_t v = 0; auto operator<=>(const DeckId&) const = default; };
struct NotetypeId { int64_t v = 0; auto operator<=>(const NotetypeId&) const = default; };
struct DeckConfigId { int64_t v = 0; auto operator<=>(const DeckConfigId&) const = default; };
struct RevlogId { int64_t v = 0; auto operator<=>(const RevlogId&) const = default; };

// Seconds since the Unix epoch (notes.mod, cards.mod, mtime_secs columns, col.crt).
struct TimestampSecs { int64_t v = 0; auto operator<=>(const TimestampSecs&) const = default; };
// Milliseconds since the Unix epoch (col.mod, col.scm, col.ls, new object ids).
struct TimestampMillis {
  int64_t v = 0;
  auto operator<=>(const TimestampMillis&) const = default;
  TimestampSecs secs() const { return TimestampSecs{v / 1000}; }
};

// Update sequence number; -1 marks an object changed locally and pending sync (spec §8.10).
struct Usn { int32_t v = 0; auto operator<=>(const Usn&) const = default; };
inline constexpr Usn kLocalUsn{-1};

}  // namespace ankc::native
