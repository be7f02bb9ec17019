#include "backends/native/deckconfig/schema11.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include "backends/action_error.h"
#include "backends/native/decks/schema11_extras.h"

namespace ankc::native {

namespace {

namespace json = boost::json;

const std::initializer_list<std::string_view> kReservedTop = {
    "id", "newSortOrder", "replayq", "newPerDayMinimum", "usn", "autoplay", "dyn", "maxTaken",
    "reviewOrder", "buryInterdayLearning", "newMix", "mod", "timer", "name", "interdayLearningMix",
    "newGatherPriority", "fsrsWeights", "fsrsParams5", "fsrsParams6", "desiredRetention",
    "stopTimerOnAnswer", "secondsToShowQuestion", "secondsToShowAnswer", "answerAction",
    "questionAction", "waitForAudio", "sm2Retention", "weightSearch", "ignoreRevlogsBeforeDate",
    "easyDaysPercentages", "new", "rev", "lapse"};
const std::initializer_list<std::string_view> kReservedNew = {"bury", "delays", "initialFactor",
                                                                  "ints", "order", "perDay"};
const std::initializer_list<std::string_view> kReservedRev = {"bury", "ease4", "ivlFct",
                                                                  "maxIvl", "perDay", "hardFactor"};
const std::initializer_list<std::string_view> kReservedLapse = {"delays", "leechAction",
                                                                    "leechFails", "minInt", "mult"};

// The `other` JSON sub-object stored under `key` ("new", "rev", "lapse"), serialised, or "".
std::string nested_other(std::string_view other_json, std::string_view key) {
  if (other_json.empty()) return {};
  boost::system::error_code ec;
  json::value v = json::parse(other_json, ec);
  if (ec || !v.is_object()) return {};
  const json::value* sub = v.as_object().if_contains(key);
  if (!sub || !sub->is_object()) return {};
  return json::serialize(*sub);
}

}  // namespace

json::object deck_config_to_schema11(const DeckConfig& dc) {
  const DeckConfigInner& i = dc.config;
  json::object o;
  o["id"] = dc.id.v;
  o["mod"] = dc.mtime.v;
  o["name"] = dc.name;
  o["usn"] = dc.usn.v;
  o["maxTaken"] = static_cast<int32_t>(i.cap_answer_time_to_secs);
  o["autoplay"] = !i.disable_autoplay;
  o["timer"] = i.show_timer ? 1 : 0;
  o["replayq"] = !i.skip_question_when_replaying_answer;

  json::object n;
  n["bury"] = i.bury_new;
  n["delays"] = f32_list(i.learn_steps);
  float factor = i.initial_ease * 1000.0f;
  n["initialFactor"] = static_cast<uint16_t>(factor <= 0 ? 0 : factor >= 65535.0f ? 65535 : factor);
  n["ints"] = json::array{static_cast<uint16_t>(i.graduating_interval_good),
                          static_cast<uint16_t>(i.graduating_interval_easy), 0};
  n["order"] = i.new_card_insert_order == 1 ? 0 : 1;  // legacy: 0 random, 1 due
  n["perDay"] = i.new_per_day;
  append_legacy_extras(n, nested_other(i.other, "new"), kReservedNew);
  o["new"] = std::move(n);

  json::object r;
  r["bury"] = i.bury_reviews;
  r["ease4"] = f32_value(i.easy_multiplier);
  r["ivlFct"] = f32_value(i.interval_multiplier);
  r["maxIvl"] = i.maximum_review_interval;
  r["perDay"] = i.reviews_per_day;
  r["hardFactor"] = f32_value(i.hard_multiplier);
  append_legacy_extras(r, nested_other(i.other, "rev"), kReservedRev);
  o["rev"] = std::move(r);

  json::object l;
  l["delays"] = f32_list(i.relearn_steps);
  l["leechAction"] = i.leech_action == 1 ? 1 : 0;
  l["leechFails"] = i.leech_threshold;
  l["minInt"] = i.minimum_lapse_interval;
  l["mult"] = f32_value(i.lapse_multiplier);
  append_legacy_extras(l, nested_other(i.other, "lapse"), kReservedLapse);
  o["lapse"] = std::move(l);

  o["dyn"] = false;
  o["newMix"] = i.new_mix;
  o["newPerDayMinimum"] = i.new_per_day_minimum;
  o["interdayLearningMix"] = i.interday_learning_mix;
  o["reviewOrder"] = i.review_order;
  o["newSortOrder"] = i.new_card_sort_order;
  o["newGatherPriority"] = i.new_card_gather_priority;
  o["buryInterdayLearning"] = i.bury_interday_learning;
  o["fsrsWeights"] = f32_list(i.fsrs_params_4);
  o["fsrsParams5"] = f32_list(i.fsrs_params_5);
  o["fsrsParams6"] = f32_list(i.fsrs_params_6);
  o["desiredRetention"] = f32_value(i.desired_retention);
  o["ignoreRevlogsBeforeDate"] = i.ignore_revlogs_before_date;
  o["easyDaysPercentages"] = f32_list(i.easy_days_percentages);
  o["stopTimerOnAnswer"] = i.stop_timer_on_answer;
  o["secondsToShowQuestion"] = f32_value(i.seconds_to_show_question);
  o["secondsToShowAnswer"] = f32_value(i.seconds_to_show_answer);
  o["questionAction"] = i.question_action == 1 ? 1 : 0;
  o["answerAction"] = (i.answer_action >= 1 && i.answer_action <= 4) ? i.answer_action : 0;
  o["waitForAudio"] = i.wait_for_audio;
  o["sm2Retention"] = f32_value(i.historical_retention);
  o["weightSearch"] = i.param_search;
  append_legacy_extras(o, i.other, kReservedTop);
  return o;
}

// --- Reading -------------------------------------------------------------------------------------

namespace {

// Thrown inside the reader for a value serde would reject; turned into ActionError at the top.
struct Invalid {
  std::string what;
};

const json::value& required(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) throw Invalid{"missing field `" + std::string(key) + "`"};
  return *v;
}

// serde integer rules: JSON integers only (no floats, no bools), range-checked.
template <typename T>
T as_int(const json::value& v) {
  int64_t x;
  if (v.is_int64())
    x = v.as_int64();
  else if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    x = static_cast<int64_t>(v.as_uint64());
  else
    throw Invalid{"invalid type"};
  if (x < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
      x > static_cast<int64_t>(std::numeric_limits<T>::max()))
    throw Invalid{"out of range"};
  return static_cast<T>(x);
}

// deserialize_number_from_string: an integer, or a string holding one.
int64_t as_int_or_numeric_string(const json::value& v) {
  if (v.is_string()) {
    const auto& s = v.as_string();
    int64_t x = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec != std::errc() || p != s.data() + s.size()) throw Invalid{"invalid number"};
    return x;
  }
  return as_int<int64_t>(v);
}

float as_f32(const json::value& v) {
  if (v.is_double()) return static_cast<float>(v.as_double());
  if (v.is_int64()) return static_cast<float>(v.as_int64());
  if (v.is_uint64()) return static_cast<float>(v.as_uint64());
  throw Invalid{"invalid type"};
}

bool as_bool(const json::value& v) {
  if (!v.is_bool()) throw Invalid{"invalid type"};
  return v.as_bool();
}

std::string as_string(const json::value& v) {
  if (!v.is_string()) throw Invalid{"invalid type"};
  return std::string(v.as_string());
}

std::vector<float> as_f32_list(const json::value& v) {
  if (!v.is_array()) throw Invalid{"invalid type"};
  std::vector<float> out;
  for (const auto& e : v.as_array()) out.push_back(as_f32(e));
  return out;
}

// Optional key with serde `default`: absent → fallback; present → must parse.
template <typename F, typename T>
T optional_key(const json::object& o, std::string_view key, T fallback, F parse) {
  const json::value* v = o.if_contains(key);
  return v ? parse(*v) : fallback;
}

// `default_on_invalid`: any parse failure → fallback.
template <typename F, typename T>
T lenient(const json::value* v, T fallback, F parse) {
  if (!v) return fallback;
  try {
    return parse(*v);
  } catch (const Invalid&) {
    return fallback;
  }
}

// Collects keys not in `reserved` into `extras`.
void collect_extras(const json::object& from, std::initializer_list<std::string_view> reserved,
                    json::object& extras) {
  for (const auto& kv : from) {
    bool known = false;
    for (std::string_view r : reserved)
      if (kv.key() == r) known = true;
    if (!known) extras[kv.key()] = kv.value();
  }
}

void read_new(const json::value& v, DeckConfigInner& i, json::object& extras) {
  DeckConfigInner d;  // defaults, used when the whole object is invalid
  try {
    if (!v.is_object()) throw Invalid{"new"};
    const json::object& n = v.as_object();
    DeckConfigInner t = i;
    t.bury_new = optional_key(n, "bury", false, as_bool);
    t.learn_steps = lenient(&required(n, "delays"), d.learn_steps, as_f32_list);
    float factor = static_cast<float>(as_int<uint16_t>(required(n, "initialFactor")));
    t.initial_ease = factor / 1000.0f;
    const json::value& ints = required(n, "ints");
    t.graduating_interval_good = 1;
    t.graduating_interval_easy = 4;
    try {
      if (ints.is_array() && ints.as_array().size() >= 2) {
        std::vector<uint16_t> vals;
        for (const auto& e : ints.as_array()) vals.push_back(as_int<uint16_t>(e));
        t.graduating_interval_good = vals[0];
        t.graduating_interval_easy = vals[1];
      }
    } catch (const Invalid&) {
    }
    int order = lenient(&required(n, "order"), 1, [](const json::value& x) {
      uint8_t o = as_int<uint8_t>(x);
      if (o > 1) throw Invalid{"order"};
      return static_cast<int>(o);
    });
    t.new_card_insert_order = order == 0 ? 1 : 0;
    t.new_per_day = lenient(&required(n, "perDay"), 20u, as_int<uint32_t>);
    json::object sub;
    collect_extras(n, kReservedNew, sub);
    if (!sub.empty()) extras["new"] = std::move(sub);
    i = t;
  } catch (const Invalid&) {
    i.bury_new = d.bury_new;
    i.learn_steps = d.learn_steps;
    i.initial_ease = d.initial_ease;
    i.graduating_interval_good = d.graduating_interval_good;
    i.graduating_interval_easy = d.graduating_interval_easy;
    i.new_card_insert_order = d.new_card_insert_order;
    i.new_per_day = d.new_per_day;
  }
}

void read_rev(const json::value& v, DeckConfigInner& i, json::object& extras) {
  DeckConfigInner d;
  try {
    if (!v.is_object()) throw Invalid{"rev"};
    const json::object& r = v.as_object();
    DeckConfigInner t = i;
    t.bury_reviews = optional_key(r, "bury", false, as_bool);
    t.easy_multiplier = as_f32(required(r, "ease4"));
    t.interval_multiplier = as_f32(required(r, "ivlFct"));
    t.maximum_review_interval = as_int<uint32_t>(required(r, "maxIvl"));
    t.reviews_per_day = lenient(&required(r, "perDay"), 200u, as_int<uint32_t>);
    t.hard_multiplier = optional_key(r, "hardFactor", 1.2f, as_f32);
    json::object sub;
    collect_extras(r, kReservedRev, sub);
    if (!sub.empty()) extras["rev"] = std::move(sub);
    i = t;
  } catch (const Invalid&) {
    i.bury_reviews = d.bury_reviews;
    i.easy_multiplier = d.easy_multiplier;
    i.interval_multiplier = d.interval_multiplier;
    i.maximum_review_interval = d.maximum_review_interval;
    i.reviews_per_day = d.reviews_per_day;
    i.hard_multiplier = d.hard_multiplier;
  }
}

void read_lapse(const json::value& v, DeckConfigInner& i, json::object& extras) {
  DeckConfigInner d;
  try {
    if (!v.is_object()) throw Invalid{"lapse"};
    const json::object& l = v.as_object();
    DeckConfigInner t = i;
    t.relearn_steps = lenient(&required(l, "delays"), d.relearn_steps, as_f32_list);
    t.leech_action = lenient(&required(l, "leechAction"), 1, [](const json::value& x) {
      uint8_t a = as_int<uint8_t>(x);
      if (a > 1) throw Invalid{"leechAction"};
      return static_cast<int>(a);
    });
    t.leech_threshold = as_int<uint32_t>(required(l, "leechFails"));
    t.minimum_lapse_interval = as_int<uint32_t>(required(l, "minInt"));
    t.lapse_multiplier = as_f32(required(l, "mult"));
    json::object sub;
    collect_extras(l, kReservedLapse, sub);
    if (!sub.empty()) extras["lapse"] = std::move(sub);
    i = t;
  } catch (const Invalid&) {
    i.relearn_steps = d.relearn_steps;
    i.leech_action = d.leech_action;
    i.leech_threshold = d.leech_threshold;
    i.minimum_lapse_interval = d.minimum_lapse_interval;
    i.lapse_multiplier = d.lapse_multiplier;
  }
}

int32_t enum_u8(const json::value& v, int max) {
  uint8_t x = as_int<uint8_t>(v);
  if (x > max) throw Invalid{"enum"};
  return x;
}

}  // namespace

DeckConfig deck_config_from_schema11(const json::object& o) {
  try {
    DeckConfig dc;
    DeckConfigInner& i = dc.config;
    dc.id.v = as_int_or_numeric_string(required(o, "id"));
    dc.mtime.v = as_int_or_numeric_string(required(o, "mod"));
    dc.name = as_string(required(o, "name"));
    dc.usn.v = as_int<int32_t>(required(o, "usn"));
    int32_t max_taken = as_int<int32_t>(required(o, "maxTaken"));
    i.cap_answer_time_to_secs = max_taken < 0 ? 0 : static_cast<uint32_t>(max_taken);
    i.disable_autoplay = !as_bool(required(o, "autoplay"));
    i.show_timer = lenient(&required(o, "timer"), uint8_t{0}, as_int<uint8_t>) != 0;
    i.skip_question_when_replaying_answer = !optional_key(o, "replayq", false, as_bool);
    json::object extras;
    read_new(required(o, "new"), i, extras);
    read_rev(required(o, "rev"), i, extras);
    read_lapse(required(o, "lapse"), i, extras);
    i.new_mix = optional_key(o, "newMix", 0, as_int<int32_t>);
    i.new_per_day_minimum = optional_key(o, "newPerDayMinimum", 0u, as_int<uint32_t>);
    i.interday_learning_mix = optional_key(o, "interdayLearningMix", 0, as_int<int32_t>);
    i.review_order = optional_key(o, "reviewOrder", 0, as_int<int32_t>);
    i.new_card_sort_order = optional_key(o, "newSortOrder", 0, as_int<int32_t>);
    i.new_card_gather_priority = optional_key(o, "newGatherPriority", 0, as_int<int32_t>);
    i.bury_interday_learning = optional_key(o, "buryInterdayLearning", false, as_bool);
    i.fsrs_params_4 = optional_key(o, "fsrsWeights", std::vector<float>{}, as_f32_list);
    i.fsrs_params_5 = optional_key(o, "fsrsParams5", std::vector<float>{}, as_f32_list);
    i.fsrs_params_6 = optional_key(o, "fsrsParams6", std::vector<float>{}, as_f32_list);
    i.desired_retention = optional_key(o, "desiredRetention", 0.0f, as_f32);
    i.ignore_revlogs_before_date = optional_key(o, "ignoreRevlogsBeforeDate", std::string(), as_string);
    i.easy_days_percentages = optional_key(o, "easyDaysPercentages", std::vector<float>{}, as_f32_list);
    i.stop_timer_on_answer = optional_key(o, "stopTimerOnAnswer", false, as_bool);
    i.seconds_to_show_question = optional_key(o, "secondsToShowQuestion", 0.0f, as_f32);
    i.seconds_to_show_answer = optional_key(o, "secondsToShowAnswer", 0.0f, as_f32);
    i.question_action = optional_key(o, "questionAction", 0, [](const json::value& v) { return enum_u8(v, 1); });
    i.answer_action = optional_key(o, "answerAction", 0, [](const json::value& v) { return enum_u8(v, 4); });
    i.wait_for_audio = optional_key(o, "waitForAudio", true, as_bool);
    i.historical_retention = optional_key(o, "sm2Retention", 0.0f, as_f32);
    i.param_search = optional_key(o, "weightSearch", std::string(), as_string);
    collect_extras(o, kReservedTop, extras);
    i.other = extras.empty() ? std::string() : json::serialize(extras);
    return dc;
  } catch (const Invalid& e) {
    throw ActionError("JsonError { info: \"" + e.what + "\" }");
  }
}

}  // namespace ankc::native
