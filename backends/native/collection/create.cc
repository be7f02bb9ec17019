// Creating a brand-new collection exactly as current Anki does (spec §7.1, §13.1).
#include "backends/native/collection/collection.h"
#include "backends/native/collection/defaults.h"
#include "backends/native/collection/stock_notetypes.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/schema/schema.h"
#include "backends/native/storage/transaction.h"

namespace ankc::native {
namespace {

// Keys a desktop profile has once the scheduler ran and Preferences were saved (spec §5.1); the
// reference fixture (Anki 25.09.2) carries them, so a headless profile starts with them too.
const std::pair<const char*, const char*> kDesktopPreferenceKeys[] = {
    {"backups", "{\"daily\":12,\"weekly\":10,\"monthly\":9,\"minimum_interval_mins\":30}"},
    {"defaultSearchText", "\"\""},
    {"fsrsShortTermWithStepsEnabled", "false"},
    {"hideAudioPlayButtons", "false"},
    {"ignoreAccentsInSearch", "false"},
    {"interruptAudioWhenAnswering", "true"},
    {"loadBalancerEnabled", "true"},
    {"pasteImagesAsPng", "false"},
    {"pasteStripsFormatting", "false"},
    {"renderLatex", "false"},
};

void add_stock_notetype(storage::Db& db, const StockNotetype& nt, TimestampMillis now) {
  storage::NotetypeRow row{NotetypeId{}, nt.name, TimestampSecs{0}, Usn{0}, nt.config.SerializeAsString()};
  NotetypeId id = storage::add_notetype(db, row, now);
  std::vector<storage::FieldRow> fields;
  for (const StockField& f : nt.fields) fields.push_back({0, f.name, f.config.SerializeAsString()});
  std::vector<storage::TemplateRow> templates;
  for (const StockTemplate& t : nt.templates)
    templates.push_back({0, t.name, TimestampSecs{0}, Usn{0}, t.config.SerializeAsString()});
  storage::replace_fields(db, id, fields);
  storage::replace_templates(db, id, templates);
}

}  // namespace

void create_collection(storage::Db& db, Clock& clock, Random& random) {
  TimestampMillis now = clock.now();
  TimestampSecs now_secs = now.secs();
  int west = clock.minutes_west(now_secs);
  storage::WriteTransaction txn(db, now);
  storage::create_schema_18(db);
  storage::insert_new_col_row(db, creation_day_start(clock), now);
  for (const auto& [key, json] : initial_config(west))
    storage::set_config_json(db, key, json, Usn{0}, TimestampSecs{0});
  storage::put_deck_config(db, {DeckConfigId{1}, "Default", TimestampSecs{0}, Usn{0},
                                default_deck_config().SerializeAsString()});
  storage::put_deck(db, {DeckId{1}, "Default", TimestampSecs{0}, Usn{0}, new_deck_common().SerializeAsString(),
                         new_normal_deck_kind().SerializeAsString()});
  bool first = true;
  for (const StockNotetype& nt : stock_notetypes(random)) {
    add_stock_notetype(db, nt, now);
    if (first) {
      auto id = storage::get_notetype_id_by_name(db, nt.name);
      storage::set_config_json(db, "curModel", std::to_string(id->v), kLocalUsn, now_secs);
      first = false;
    }
  }
  storage::set_config_json(db, "localOffset", std::to_string(west), kLocalUsn, now_secs);
  storage::set_config_json(db, "rollover", "4", kLocalUsn, now_secs);
  for (const auto& [key, json] : kDesktopPreferenceKeys) storage::set_config_json(db, key, json, kLocalUsn, now_secs);
  txn.commit();
}

}  // namespace ankc::native
