// The problem lines of Check Database, in English (Anki's database-check.ftl, singular/plural).
#include "backends/native/dbcheck/repair.h"

namespace ankc::native::dbcheck {
namespace {

void add(std::vector<std::string>& out, int count, const std::string& one, const std::string& other) {
  if (count <= 0) return;
  const std::string& pattern = count == 1 ? one : other;
  std::string n = std::to_string(count);
  std::size_t at = pattern.find('#');
  out.push_back(pattern.substr(0, at) + n + pattern.substr(at + 1));
}

}  // namespace

std::vector<std::string> RepairCounts::problems() const {
  std::vector<std::string> out;
  if (notetypes_recovered > 0)
    out.push_back(
        "One or more notetypes were missing. The notes that used them have been given new notetypes starting with "
        "\"db-check\", but field names and card design have been lost, so you may be better off restoring from an "
        "automatic backup.");
  add(out, card_position_too_high,
      "Found # new card with a due number >= 1,000,000 - consider repositioning it in the Browse screen.",
      "Found # new cards with a due number >= 1,000,000 - consider repositioning them in the Browse screen.");
  add(out, card_properties_invalid, "Fixed # invalid card property.", "Fixed # invalid card properties.");
  add(out, cards_missing_note, "Deleted # card with missing note.", "Deleted # cards with missing note.");
  add(out, decks_missing, "Fixed # missing deck.", "Fixed # missing decks.");
  add(out, field_count_mismatch, "Fixed # note with wrong field count.", "Fixed # notes with wrong field count.");
  add(out, card_ords_duplicated, "Deleted # card with duplicate template.", "Deleted # cards with duplicate template.");
  add(out, templates_missing, "Deleted # card with missing template.", "Deleted # cards with missing template.");
  add(out, revlog_properties_invalid, "Fixed # review entry with invalid properties.",
      "Fixed # review entries with invalid properties.");
  add(out, invalid_utf8, "Fixed # note with invalid utf8 characters.", "Fixed # notes with invalid utf8 characters.");
  add(out, invalid_ids, "Fixed # object with timestamps in the future.",
      "Fixed # objects with timestamps in the future.");
  return out;
}

}  // namespace ankc::native::dbcheck
