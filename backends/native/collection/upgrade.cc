// Upgrading schema 11-17 collections to 18 (spec §9.2), in one transaction: the legacy JSON in the
// col row becomes rows of config/deck_config/tags/notetypes/decks with protobuf blobs.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/system_error.hpp>

#include "backends/action_error.h"
#include "backends/native/collection/collection.h"
#include "backends/native/collection/schema11_rows.h"
#include "backends/native/collection/defaults.h"
#include "backends/native/collection/stock_notetypes.h"
#include "backends/native/proto/deck.pb.h"
#include "backends/native/proto/deck_config.pb.h"
#include "backends/native/proto/notetype_config.pb.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/schema/schema.h"
#include "backends/native/storage/tags/tags.h"
#include "backends/native/storage/transaction.h"

namespace ankc::native {
namespace {

namespace json = boost::json;

const json::value* member(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

int64_t as_int(const json::object& o, std::string_view key, int64_t fallback = 0) {
  const json::value* v = member(o, key);
  if (!v) return fallback;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->as_double());
  if (v->is_bool()) return v->as_bool() ? 1 : 0;
  if (v->is_string()) {
    try {
      return std::stoll(std::string(v->as_string()));
    } catch (...) {
    }
  }
  return fallback;
}

double as_double(const json::object& o, std::string_view key, double fallback) {
  const json::value* v = member(o, key);
  if (!v) return fallback;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return fallback;
}

bool as_bool(const json::object& o, std::string_view key, bool fallback = false) {
  const json::value* v = member(o, key);
  if (!v) return fallback;
  if (v->is_bool()) return v->as_bool();
  if (v->is_number()) return as_int(o, key) != 0;
  return fallback;
}

std::string as_string(const json::object& o, std::string_view key, std::string fallback = "") {
  const json::value* v = member(o, key);
  return (v && v->is_string()) ? std::string(v->as_string()) : fallback;
}

const json::object& as_object(const json::object& o, std::string_view key) {
  static const json::object empty;
  const json::value* v = member(o, key);
  return (v && v->is_object()) ? v->as_object() : empty;
}

// Keys of o not in known, as a compact JSON object for the `other` field (empty when none).
std::string other_keys(const json::object& o, std::initializer_list<std::string_view> known) {
  json::object extra;
  for (const auto& kv : o) {
    bool is_known = false;
    for (std::string_view k : known) is_known = is_known || kv.key() == k;
    if (!is_known) extra[kv.key()] = kv.value();
  }
  return extra.empty() ? std::string() : json::serialize(extra);
}

json::object parse_object(const std::string& text) {
  if (text.empty()) return {};
  json::value v = json::parse(text);
  if (!v.is_object()) throw ActionError("collection upgrade failed: legacy JSON is not an object");
  return v.as_object();
}

template <typename Add>
void floats(const json::object& o, std::string_view key, Add add) {
  const json::value* v = member(o, key);
  if (!v || !v->is_array()) return;
  for (const json::value& x : v->as_array()) add(static_cast<float>(x.is_double() ? x.as_double() : x.to_number<double>()));
}

pb::DeckConfigConfig legacy_deck_config(const json::object& d) {
  pb::DeckConfigConfig c = default_deck_config();
  const json::object& n = as_object(d, "new");
  const json::object& r = as_object(d, "rev");
  const json::object& l = as_object(d, "lapse");
  c.clear_learn_steps();
  floats(n, "delays", [&](float f) { c.add_learn_steps(f); });
  c.clear_relearn_steps();
  floats(l, "delays", [&](float f) { c.add_relearn_steps(f); });
  c.set_new_per_day(static_cast<uint32_t>(as_int(n, "perDay", 20)));
  c.set_reviews_per_day(static_cast<uint32_t>(as_int(r, "perDay", 200)));
  float ease = static_cast<float>(as_int(n, "initialFactor", 2500)) / 1000.0f;
  c.set_initial_ease(ease <= 1.3f ? 2.5f : ease);
  c.set_easy_multiplier(static_cast<float>(as_double(r, "ease4", 1.3)));
  c.set_hard_multiplier(static_cast<float>(as_double(r, "hardFactor", 1.2)));
  c.set_lapse_multiplier(static_cast<float>(as_double(l, "mult", 0.0)));
  c.set_interval_multiplier(static_cast<float>(as_double(r, "ivlFct", 1.0)));
  c.set_maximum_review_interval(static_cast<uint32_t>(as_int(r, "maxIvl", 36500)));
  c.set_minimum_lapse_interval(static_cast<uint32_t>(as_int(l, "minInt", 1)));
  const json::value* ints = member(n, "ints");
  if (ints && ints->is_array() && ints->as_array().size() >= 2) {
    c.set_graduating_interval_good(static_cast<uint32_t>(ints->as_array()[0].to_number<double>()));
    c.set_graduating_interval_easy(static_cast<uint32_t>(ints->as_array()[1].to_number<double>()));
  }
  c.set_new_card_insert_order(as_int(n, "order", 1) == 0 ? pb::DeckConfigConfig::NEW_CARD_INSERT_ORDER_RANDOM
                                                          : pb::DeckConfigConfig::NEW_CARD_INSERT_ORDER_DUE);
  c.set_leech_action(as_int(l, "leechAction", 1) == 0 ? pb::DeckConfigConfig::LEECH_ACTION_SUSPEND
                                                       : pb::DeckConfigConfig::LEECH_ACTION_TAG_ONLY);
  c.set_leech_threshold(static_cast<uint32_t>(as_int(l, "leechFails", 8)));
  c.set_disable_autoplay(!as_bool(d, "autoplay", true));
  c.set_cap_answer_time_to_secs(static_cast<uint32_t>(as_int(d, "maxTaken", 60)));
  c.set_show_timer(as_int(d, "timer", 0) != 0);
  c.set_skip_question_when_replaying_answer(!as_bool(d, "replayq", true));
  c.set_bury_new(as_bool(n, "bury"));
  c.set_bury_reviews(as_bool(r, "bury"));
  c.set_bury_interday_learning(as_bool(d, "buryInterdayLearning"));
  c.set_desired_retention(static_cast<float>(as_double(d, "desiredRetention", 0.9)));
  c.set_historical_retention(static_cast<float>(as_double(d, "sm2Retention", 0.9)));
  return c;
}

std::string native_deck_name(std::string human) {
  std::string out;
  for (size_t i = 0; i < human.size(); ++i) {
    if (human.compare(i, 2, "::") == 0) {
      out += '\x1f';
      ++i;
    } else {
      out += human[i];
    }
  }
  return out;
}

void day_count(const json::object& d, std::string_view key, int64_t& day, int64_t& count) {
  const json::value* v = member(d, key);
  if (v && v->is_array() && v->as_array().size() >= 2) {
    day = static_cast<int64_t>(v->as_array()[0].to_number<double>());
    count = static_cast<int64_t>(v->as_array()[1].to_number<double>());
  }
}

storage::DeckRow legacy_deck(const json::object& d) {
  pb::DeckCommon common;
  common.set_study_collapsed(as_bool(d, "collapsed"));
  common.set_browser_collapsed(as_bool(d, "browserCollapsed"));
  int64_t days[4] = {0, 0, 0, 0}, counts[4] = {0, 0, 0, 0};
  const char* keys[4] = {"lrnToday", "revToday", "newToday", "timeToday"};
  for (int i = 0; i < 4; ++i) day_count(d, keys[i], days[i], counts[i]);
  int64_t last = std::max(std::max(days[0], days[1]), std::max(days[2], days[3]));
  common.set_last_day_studied(static_cast<uint32_t>(last));
  if (days[0] == last) common.set_learning_studied(static_cast<int32_t>(counts[0]));
  if (days[1] == last) common.set_review_studied(static_cast<int32_t>(counts[1]));
  if (days[2] == last) common.set_new_studied(static_cast<int32_t>(counts[2]));
  if (days[3] == last) common.set_milliseconds_studied(static_cast<int32_t>(counts[3]));
  pb::DeckKindContainer kind;
  if (as_int(d, "dyn", 0) != 0) {
    pb::DeckFiltered* f = kind.mutable_filtered();
    f->set_reschedule(as_bool(d, "resched", true));
    const json::value* terms = member(d, "terms");
    if (terms && terms->is_array())
      for (const json::value& t : terms->as_array()) {
        if (!t.is_array() || t.as_array().size() < 3) continue;
        pb::FilteredSearchTerm* term = f->add_search_terms();
        term->set_search(t.as_array()[0].is_string() ? std::string(t.as_array()[0].as_string()) : "");
        term->set_limit(static_cast<uint32_t>(t.as_array()[1].to_number<double>()));
        term->set_order(static_cast<pb::FilteredSearchTerm::Order>(t.as_array()[2].to_number<double>()));
      }
    floats(d, "delays", [&](float x) { f->add_delays(x); });
    f->set_preview_delay(static_cast<uint32_t>(as_int(d, "previewDelay", 0)));
    f->set_preview_again_secs(static_cast<uint32_t>(as_int(d, "previewAgainSecs", 60)));
    f->set_preview_hard_secs(static_cast<uint32_t>(as_int(d, "previewHardSecs", 600)));
    f->set_preview_good_secs(static_cast<uint32_t>(as_int(d, "previewGoodSecs", 0)));
  } else {
    pb::DeckNormal* n = kind.mutable_normal();
    n->set_config_id(as_int(d, "conf", 1));
    n->set_extend_new(static_cast<uint32_t>(as_int(d, "extendNew", 0)));
    n->set_extend_review(static_cast<uint32_t>(as_int(d, "extendRev", 0)));
    n->set_description(as_string(d, "desc"));
    n->set_markdown_description(as_bool(d, "md"));
  }
  return {DeckId{as_int(d, "id")}, native_deck_name(as_string(d, "name")), TimestampSecs{as_int(d, "mod")},
          Usn{static_cast<int32_t>(as_int(d, "usn"))}, common.SerializeAsString(), kind.SerializeAsString()};
}

}  // namespace

NotetypeRows notetype_rows_from_schema11(const json::object& m) {
  pb::NotetypeConfig c;
  c.set_kind(as_int(m, "type") == 1 ? pb::NotetypeConfig::KIND_CLOZE : pb::NotetypeConfig::KIND_NORMAL);
  c.set_sort_field_idx(static_cast<uint32_t>(as_int(m, "sortf")));
  c.set_css(as_string(m, "css"));
  c.set_target_deck_id_unused(as_int(m, "did"));
  c.set_latex_pre(as_string(m, "latexPre", kLatexPre));
  c.set_latex_post(as_string(m, "latexPost", "\\end{document}"));
  c.set_latex_svg(as_bool(m, "latexsvg"));
  const json::value* req = member(m, "req");
  if (req && req->is_array())
    for (const json::value& r : req->as_array()) {
      if (!r.is_array() || r.as_array().size() < 3) continue;
      pb::CardRequirement* cr = c.add_reqs();
      cr->set_card_ord(static_cast<uint32_t>(r.as_array()[0].to_number<double>()));
      std::string kind = r.as_array()[1].is_string() ? std::string(r.as_array()[1].as_string()) : "";
      cr->set_kind(kind == "any" ? pb::CardRequirement::KIND_ANY
                                 : kind == "all" ? pb::CardRequirement::KIND_ALL : pb::CardRequirement::KIND_NONE);
      if (r.as_array()[2].is_array())
        for (const json::value& f : r.as_array()[2].as_array()) cr->add_field_ords(static_cast<uint32_t>(f.to_number<double>()));
    }
  c.set_original_stock_kind(static_cast<pb::NotetypeConfig::OriginalStockKind>(as_int(m, "originalStockKind")));
  if (member(m, "originalId")) c.set_original_id(as_int(m, "originalId"));
  c.set_other(other_keys(m, {"id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css", "latexPre",
                             "latexPost", "latexsvg", "req", "originalStockKind", "originalId"}));
  int64_t id = as_int(m, "id");
  storage::NotetypeRow row{NotetypeId{id}, as_string(m, "name"), TimestampSecs{as_int(m, "mod")},
                           Usn{static_cast<int32_t>(as_int(m, "usn"))}, c.SerializeAsString()};
  std::vector<storage::FieldRow> fields;
  const json::value* flds = member(m, "flds");
  if (flds && flds->is_array())
    for (const json::value& fv : flds->as_array()) {
      if (!fv.is_object()) continue;
      const json::object& f = fv.as_object();
      pb::FieldConfig fc;
      fc.set_sticky(as_bool(f, "sticky"));
      fc.set_rtl(as_bool(f, "rtl"));
      fc.set_font_name(as_string(f, "font", "Arial"));
      fc.set_font_size(static_cast<uint32_t>(as_int(f, "size", 20)));
      fc.set_description(as_string(f, "description"));
      fc.set_plain_text(as_bool(f, "plainText"));
      fc.set_collapsed(as_bool(f, "collapsed"));
      fc.set_exclude_from_search(as_bool(f, "excludeFromSearch"));
      if (member(f, "id") && !member(f, "id")->is_null()) fc.set_id(as_int(f, "id"));
      if (member(f, "tag") && !member(f, "tag")->is_null()) fc.set_tag(static_cast<uint32_t>(as_int(f, "tag")));
      fc.set_prevent_deletion(as_bool(f, "preventDeletion"));
      fc.set_other(other_keys(f, {"name", "ord", "sticky", "rtl", "font", "size", "description", "plainText",
                                  "collapsed", "excludeFromSearch", "id", "tag", "preventDeletion", "media"}));
      fields.push_back({0, as_string(f, "name"), fc.SerializeAsString()});
    }
  std::vector<storage::TemplateRow> templates;
  const json::value* tmpls = member(m, "tmpls");
  if (tmpls && tmpls->is_array())
    for (const json::value& tv : tmpls->as_array()) {
      if (!tv.is_object()) continue;
      const json::object& t = tv.as_object();
      pb::TemplateConfig tc;
      tc.set_q_format(as_string(t, "qfmt"));
      tc.set_a_format(as_string(t, "afmt"));
      tc.set_q_format_browser(as_string(t, "bqfmt"));
      tc.set_a_format_browser(as_string(t, "bafmt"));
      tc.set_target_deck_id(as_int(t, "did"));
      tc.set_browser_font_name(as_string(t, "bfont"));
      tc.set_browser_font_size(static_cast<uint32_t>(as_int(t, "bsize")));
      if (member(t, "id") && !member(t, "id")->is_null()) tc.set_id(as_int(t, "id"));
      tc.set_other(other_keys(t, {"name", "ord", "qfmt", "afmt", "bqfmt", "bafmt", "did", "bfont", "bsize", "id"}));
      templates.push_back({0, as_string(t, "name"), TimestampSecs{0}, Usn{0}, tc.SerializeAsString()});
    }
  return {std::move(row), std::move(fields), std::move(templates)};
}

namespace {

void upgrade_notetype(storage::Db& db, const json::object& m) {
  NotetypeRows rows = notetype_rows_from_schema11(m);
  storage::put_notetype(db, rows.notetype);
  storage::replace_fields(db, rows.notetype.id, rows.fields);
  storage::replace_templates(db, rows.notetype.id, rows.templates);
}

void upgrade_11_to_14(storage::Db& db) {
  storage::create_schema_objects(db, {"deck_config", "config", "tags"});
  for (const auto& kv : parse_object(storage::get_legacy_json_column(db, "dconf"))) {
    if (!kv.value().is_object()) continue;
    const json::object& d = kv.value().as_object();
    storage::put_deck_config(db, {DeckConfigId{std::stoll(std::string(kv.key()))}, as_string(d, "name"),
                                  TimestampSecs{as_int(d, "mod")}, Usn{static_cast<int32_t>(as_int(d, "usn"))},
                                  legacy_deck_config(d).SerializeAsString()});
  }
  for (const auto& kv : parse_object(storage::get_legacy_json_column(db, "conf")))
    storage::set_config_json(db, kv.key(), json::serialize(kv.value()), Usn{0}, TimestampSecs{0});
  for (const auto& kv : parse_object(storage::get_legacy_json_column(db, "tags")))
    storage::put_tag(db, {std::string(kv.key()), Usn{static_cast<int32_t>(kv.value().is_int64() ? kv.value().as_int64() : 0)}, false});
}

void upgrade_14_to_15(storage::Db& db) {
  storage::create_schema_objects(db, {"fields", "idx_fields_name_ntid", "templates", "idx_templates_name_ntid",
                                      "idx_templates_usn", "notetypes", "idx_notetypes_name", "idx_notetypes_usn",
                                      "decks", "idx_decks_name", "idx_notes_mid", "idx_cards_odid"});
  for (const auto& kv : parse_object(storage::get_legacy_json_column(db, "models")))
    if (kv.value().is_object()) upgrade_notetype(db, kv.value().as_object());
  for (const auto& kv : parse_object(storage::get_legacy_json_column(db, "decks")))
    if (kv.value().is_object()) storage::put_deck(db, legacy_deck(kv.value().as_object()));
  storage::clear_legacy_json_columns(db);
}

// Schema 15 stored initial ease x100; 16 divides it (presets at or below 1.3 reset to 2.5).
void upgrade_15_to_16(storage::Db& db) {
  for (storage::DeckConfigRow row : storage::all_deck_configs(db)) {
    pb::DeckConfigConfig c;
    if (!c.ParseFromString(row.config)) continue;
    float ease = c.initial_ease() / 100.0f;
    c.set_initial_ease(ease <= 1.3f ? 2.5f : ease);
    row.config = c.SerializeAsString();
    storage::put_deck_config(db, row);
  }
}

}  // namespace

void upgrade_to_current(storage::Db& db, Clock& clock, Random& random) {
  int ver = storage::schema_version(db);
  storage::WriteTransaction txn(db, clock.now());
  // A legacy file from a package is untrusted: malformed JSON in its col row (boost::json's
  // system_error, a wrong kind's invalid_argument) must be the one error type, not escape it.
  try {
    if (ver < 14) upgrade_11_to_14(db);
    if (ver < 15) upgrade_14_to_15(db);
    // 11->14 above already wrote the final ease; only a file stored at 15 has the x100 value.
    if (ver == 15) upgrade_15_to_16(db);
  } catch (const ActionError&) {
    throw;
  } catch (const boost::system::system_error& e) {
    throw ActionError("collection upgrade failed: legacy JSON: " + e.code().message());
  } catch (const std::exception& e) {
    throw ActionError(std::string("collection upgrade failed: ") + e.what());
  }
  if (ver >= 14 && ver < 17) storage::upgrade_rebuild_tags(db);
  if (ver < 18) storage::upgrade_rebuild_graves(db);
  // Files written by other tools may lack indexes (AnkiPandas' carry none): Anki needs all 16.
  storage::create_missing_indexes(db);
  storage::set_schema_version(db, 18);
  txn.commit();
}

}  // namespace ankc::native
