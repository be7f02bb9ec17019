// Anki's `unicase` collation (spec §3.1): ASCII-lowercase compare when both strings are ASCII,
// otherwise compare Unicode 12 full case foldings (C+F of CaseFolding.txt). Indexes on deck, notetype,
// field, template, preset and tag names were built with it, so it must match Anki exactly.
#pragma once

#include <string>
#include <string_view>

struct sqlite3;

namespace ankc::native::storage {

// <0, 0, >0 like strcmp, under unicase ordering. Invalid UTF-8 bytes compare as U+FFFD.
int unicase_compare(std::string_view a, std::string_view b);
// The full case folding of s (UTF-8 in, UTF-8 out), as the collation compares it.
std::string unicase_fold(std::string_view s);
// True when a and b are equal under the collation (case-insensitive name equality).
inline bool unicase_equal(std::string_view a, std::string_view b) { return unicase_compare(a, b) == 0; }
// Registers the collation on a connection (done by Db::open for every collection connection).
void register_unicase(sqlite3* db);

}  // namespace ankc::native::storage
