// What the SQL writer needs to know about the collection besides the query: notetypes and their
// fields, the current deck, presets, duplicate candidates, config flags and the day cutoff.
// SearchContext is the seam (tests may fake it); SqliteSearchContext implements it over a raw
// sqlite3* handle so the search module works without the storage layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;

namespace ankc::native::search {

// Day-cutoff values for "now" (search.md §6, scheduling.md §2).
struct Timing {
  int64_t days_elapsed = 0;  // "today" as a day number counted from col.crt
  int64_t next_day_at = 0;   // epoch seconds of the next rollover
  int64_t now = 0;           // epoch seconds
};

struct FieldInfo {
  uint32_t ord = 0;
  std::string name;
  bool exclude_from_search = false;
};

struct NotetypeInfo {
  int64_t id = 0;
  std::string name;
  bool is_cloze = false;
  uint32_t sort_field = 0;
  std::vector<FieldInfo> fields;  // by ord
};

// The wall clock and UTC offset the search uses; tests inject fixed values.
struct Clock {
  std::optional<int64_t> now_secs;             // default: the system clock
  std::optional<int32_t> utc_offset_mins_west;  // default: the machine's current offset
};

class SearchContext {
 public:
  virtual ~SearchContext() = default;
  // Notetypes in `SELECT id FROM notetypes` order, fields sorted by ord.
  virtual const std::vector<NotetypeInfo>& notetypes() = 0;
  // Today's cutoff values.
  virtual Timing timing() = 0;
  // Config collapseTime (default 1200).
  virtual int64_t learn_ahead_secs() = 0;
  // Config normalize_note_text (default true).
  virtual bool normalize_note_text() = 0;
  // Config ignoreAccentsInSearch (default false).
  virtual bool ignore_accents_in_search() = 0;
  // Native name of the deck in config curDeck (default 1); nullopt if that deck does not exist.
  virtual std::optional<std::string> current_deck_name() = 0;
  // First deck_config id whose name equals `name` (unicase), if any.
  virtual std::optional<int64_t> preset_id(std::string_view name) = 0;
  // Ids of normal decks whose options preset is `preset_id`.
  virtual std::vector<int64_t> decks_using_preset(int64_t preset_id) = 0;
  // (note id, first field) of notes of notetype `ntid` whose csum is `csum`.
  virtual std::vector<std::pair<int64_t, std::string>> notes_by_checksum(int64_t ntid,
                                                                         uint32_t csum) = 0;
};

// SearchContext reading a schema-18 collection through a raw handle (not owned). Lookups are
// cached for the lifetime of the object: create one per search.
class SqliteSearchContext : public SearchContext {
 public:
  SqliteSearchContext(sqlite3* db, Clock clock = {});
  const std::vector<NotetypeInfo>& notetypes() override;
  Timing timing() override;
  int64_t learn_ahead_secs() override;
  bool normalize_note_text() override;
  bool ignore_accents_in_search() override;
  std::optional<std::string> current_deck_name() override;
  std::optional<int64_t> preset_id(std::string_view name) override;
  std::vector<int64_t> decks_using_preset(int64_t preset_id) override;
  std::vector<std::pair<int64_t, std::string>> notes_by_checksum(int64_t ntid,
                                                                 uint32_t csum) override;

 private:
  // The raw JSON text of config key `key`, if present.
  std::optional<std::string> config_json(const char* key);
  std::optional<int64_t> config_int(const char* key);
  std::optional<bool> config_bool(const char* key);

  sqlite3* db_;
  Clock clock_;
  std::optional<std::vector<NotetypeInfo>> notetypes_;
  std::optional<Timing> timing_;
};

}  // namespace ankc::native::search
