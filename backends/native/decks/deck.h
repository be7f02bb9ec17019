// The deck model: one row of the decks table, with its protobuf blobs (common, kind) decoded into
// plain fields (collection-format.md §2.11, §4.5, §4.6). Storage converts rows ⇄ Deck; schema11.h
// turns a Deck into the legacy dict AnkiConnect returns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native {

// Deck.Common: per-day counters and collapse state shared by normal and filtered decks.
struct DeckCommon {
  bool study_collapsed = true;
  bool browser_collapsed = true;
  uint32_t last_day_studied = 0;
  int32_t new_studied = 0;
  int32_t review_studied = 0;
  int32_t milliseconds_studied = 0;
  int32_t learning_studied = 0;
  std::string other;  // JSON object of unknown legacy keys (field 255), or empty
};

// A per-day limit override ("today only").
struct DayLimit {
  uint32_t limit = 0;
  uint32_t today = 0;
};

// Deck.Normal.
struct NormalDeck {
  int64_t config_id = 1;
  uint32_t extend_new = 0;
  uint32_t extend_review = 0;
  std::string description;
  bool markdown_description = false;
  std::optional<uint32_t> review_limit;
  std::optional<uint32_t> new_limit;
  std::optional<DayLimit> review_limit_today;
  std::optional<DayLimit> new_limit_today;
  std::optional<float> desired_retention;
};

// One search of a filtered deck.
struct FilteredSearchTerm {
  std::string search;
  uint32_t limit = 0;
  int32_t order = 0;
};

// Deck.Filtered.
struct FilteredDeck {
  bool reschedule = true;
  std::vector<FilteredSearchTerm> search_terms;
  std::vector<float> delays;
  uint32_t preview_delay = 0;
  uint32_t preview_again_secs = 60;
  uint32_t preview_hard_secs = 600;
  uint32_t preview_good_secs = 0;
};

struct Deck {
  DeckId id;
  std::string name;  // native form, components joined by \x1f
  TimestampSecs mtime;
  Usn usn;
  DeckCommon common;
  std::variant<NormalDeck, FilteredDeck> kind;

  bool is_filtered() const { return std::holds_alternative<FilteredDeck>(kind); }
  const NormalDeck* normal() const { return std::get_if<NormalDeck>(&kind); }
  NormalDeck* normal() { return std::get_if<NormalDeck>(&kind); }
};

// A new normal deck as Anki creates it: collapsed in both views, options group 1, id 0 (unsaved).
Deck new_normal_deck(std::string native_name);

}  // namespace ankc::native
