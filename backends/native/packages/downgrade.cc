#include "backends/native/packages/downgrade.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/deckconfig/schema11.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/schema11.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/notetypes/schema11.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/packages/legacy_schema.h"
#include "backends/native/storage/tags/tags.h"

namespace ankc::native {
namespace json = boost::json;

namespace {

std::string presets_json(storage::Db& db) {
  json::object out;
  for (const auto& row : storage::all_deck_configs(db))
    out[std::to_string(row.id.v)] = deck_config_to_schema11(deck_config_from_row(row));
  return json::serialize(out);
}

std::string decks_json(storage::Db& db) {
  json::object out;
  for (const auto& row : storage::all_decks(db)) out[std::to_string(row.id.v)] = deck_to_schema11(deck_from_row(row));
  return json::serialize(out);
}

std::string notetypes_json(storage::Db& db) {
  json::object out;
  for (const auto& row : storage::all_notetypes(db)) {
    if (auto nt = load_notetype(db, row.id)) out[std::to_string(row.id.v)] = notetype_to_schema11(*nt);
  }
  return json::serialize(out);
}

std::string config_json(storage::Db& db) {
  json::object out;
  for (const auto& row : storage::all_config(db)) {
    boost::system::error_code ec;
    json::value v = json::parse(row.json, ec);
    out[row.key] = ec ? json::value(nullptr) : v;
  }
  return json::serialize(out);
}

std::string tags_json(storage::Db& db) {
  json::object out;
  for (const auto& row : storage::all_tags(db)) out[row.name] = row.usn.v;
  return json::serialize(out);
}

}  // namespace

void downgrade_to_schema11(storage::Db& db) {
  db.exec("BEGIN EXCLUSIVE");
  try {
    storage::rebuild_legacy_graves(db);
    std::string dconf = presets_json(db), decks = decks_json(db), models = notetypes_json(db);
    std::string conf = config_json(db), tags = tags_json(db);
    storage::set_legacy_col_json(db, conf, models, decks, dconf, tags);
    storage::drop_modern_tables(db);
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
  storage::use_delete_journal(db);
}

}  // namespace ankc::native
