#include "backends/native/deckconfig/deck_config_row.h"

#include <cmath>

#include "backends/action_error.h"
#include "backends/native/proto/deck_config.pb.h"

namespace ankc::native {

namespace {

void clamp_u32(uint32_t& v, uint32_t dflt, uint32_t lo, uint32_t hi) {
  if (v < lo || v > hi) v = dflt;
}
void clamp_f32(float& v, float dflt, float lo, float hi) {
  if (!std::isfinite(v) || v < lo || v > hi) v = dflt;
}

// Anki fixes values an old options screen could store (rslib ensure_deck_config_values_valid).
void ensure_valid(DeckConfigInner& c) {
  const DeckConfigInner d;
  clamp_u32(c.new_per_day, d.new_per_day, 0, 9999);
  clamp_u32(c.reviews_per_day, d.reviews_per_day, 0, 9999);
  clamp_u32(c.new_per_day_minimum, d.new_per_day_minimum, 0, 9999);
  clamp_f32(c.initial_ease, d.initial_ease, 1.31f, 5.0f);
  clamp_f32(c.easy_multiplier, d.easy_multiplier, 1.0f, 5.0f);
  clamp_f32(c.hard_multiplier, d.hard_multiplier, 0.5f, 1.3f);
  clamp_f32(c.lapse_multiplier, d.lapse_multiplier, 0.0f, 1.0f);
  clamp_f32(c.interval_multiplier, d.interval_multiplier, 0.5f, 2.0f);
  clamp_u32(c.maximum_review_interval, d.maximum_review_interval, 1, 36500);
  clamp_u32(c.minimum_lapse_interval, d.minimum_lapse_interval, 1, 36500);
  clamp_u32(c.graduating_interval_good, d.graduating_interval_good, 1, 36500);
  clamp_u32(c.graduating_interval_easy, d.graduating_interval_easy, 1, 36500);
  clamp_u32(c.leech_threshold, d.leech_threshold, 1, 9999);
  clamp_u32(c.cap_answer_time_to_secs, d.cap_answer_time_to_secs, 1, 9999);
  clamp_f32(c.desired_retention, d.desired_retention, 0.7f, 0.99f);
  clamp_f32(c.historical_retention, d.historical_retention, 0.7f, 0.97f);
}

}  // namespace

DeckConfig deck_config_from_row(const storage::DeckConfigRow& row) {
  pb::DeckConfigConfig p;
  if (!p.ParseFromString(row.config))
    throw ActionError("invalid deck config blob for preset " + std::to_string(row.id.v));
  DeckConfig dc;
  dc.id = row.id;
  dc.name = row.name;
  dc.mtime = row.mtime;
  dc.usn = row.usn;
  DeckConfigInner& c = dc.config;
  c.learn_steps.assign(p.learn_steps().begin(), p.learn_steps().end());
  c.relearn_steps.assign(p.relearn_steps().begin(), p.relearn_steps().end());
  c.fsrs_params_4.assign(p.fsrs_params_4().begin(), p.fsrs_params_4().end());
  c.fsrs_params_5.assign(p.fsrs_params_5().begin(), p.fsrs_params_5().end());
  c.fsrs_params_6.assign(p.fsrs_params_6().begin(), p.fsrs_params_6().end());
  c.easy_days_percentages.assign(p.easy_days_percentages().begin(), p.easy_days_percentages().end());
  c.new_per_day = p.new_per_day();
  c.reviews_per_day = p.reviews_per_day();
  c.new_per_day_minimum = p.new_per_day_minimum();
  c.initial_ease = p.initial_ease();
  c.easy_multiplier = p.easy_multiplier();
  c.hard_multiplier = p.hard_multiplier();
  c.lapse_multiplier = p.lapse_multiplier();
  c.interval_multiplier = p.interval_multiplier();
  c.maximum_review_interval = p.maximum_review_interval();
  c.minimum_lapse_interval = p.minimum_lapse_interval();
  c.graduating_interval_good = p.graduating_interval_good();
  c.graduating_interval_easy = p.graduating_interval_easy();
  c.new_card_insert_order = p.new_card_insert_order();
  c.new_card_gather_priority = p.new_card_gather_priority();
  c.new_card_sort_order = p.new_card_sort_order();
  c.new_mix = p.new_mix();
  c.review_order = p.review_order();
  c.interday_learning_mix = p.interday_learning_mix();
  c.leech_action = p.leech_action();
  c.leech_threshold = p.leech_threshold();
  c.disable_autoplay = p.disable_autoplay();
  c.cap_answer_time_to_secs = p.cap_answer_time_to_secs();
  c.show_timer = p.show_timer();
  c.stop_timer_on_answer = p.stop_timer_on_answer();
  c.seconds_to_show_question = p.seconds_to_show_question();
  c.seconds_to_show_answer = p.seconds_to_show_answer();
  c.question_action = p.question_action();
  c.answer_action = p.answer_action();
  c.wait_for_audio = p.wait_for_audio();
  c.skip_question_when_replaying_answer = p.skip_question_when_replaying_answer();
  c.bury_new = p.bury_new();
  c.bury_reviews = p.bury_reviews();
  c.bury_interday_learning = p.bury_interday_learning();
  c.desired_retention = p.desired_retention();
  c.ignore_revlogs_before_date = p.ignore_revlogs_before_date();
  c.historical_retention = p.historical_retention();
  c.param_search = p.param_search();
  c.other = p.other();
  ensure_valid(c);
  return dc;
}

storage::DeckConfigRow deck_config_to_row(const DeckConfig& dc) {
  const DeckConfigInner& c = dc.config;
  pb::DeckConfigConfig p;
  for (float f : c.learn_steps) p.add_learn_steps(f);
  for (float f : c.relearn_steps) p.add_relearn_steps(f);
  for (float f : c.fsrs_params_4) p.add_fsrs_params_4(f);
  for (float f : c.fsrs_params_5) p.add_fsrs_params_5(f);
  for (float f : c.fsrs_params_6) p.add_fsrs_params_6(f);
  for (float f : c.easy_days_percentages) p.add_easy_days_percentages(f);
  p.set_new_per_day(c.new_per_day);
  p.set_reviews_per_day(c.reviews_per_day);
  p.set_new_per_day_minimum(c.new_per_day_minimum);
  p.set_initial_ease(c.initial_ease);
  p.set_easy_multiplier(c.easy_multiplier);
  p.set_hard_multiplier(c.hard_multiplier);
  p.set_lapse_multiplier(c.lapse_multiplier);
  p.set_interval_multiplier(c.interval_multiplier);
  p.set_maximum_review_interval(c.maximum_review_interval);
  p.set_minimum_lapse_interval(c.minimum_lapse_interval);
  p.set_graduating_interval_good(c.graduating_interval_good);
  p.set_graduating_interval_easy(c.graduating_interval_easy);
  p.set_new_card_insert_order(static_cast<pb::DeckConfigConfig::NewCardInsertOrder>(c.new_card_insert_order));
  p.set_new_card_gather_priority(
      static_cast<pb::DeckConfigConfig::NewCardGatherPriority>(c.new_card_gather_priority));
  p.set_new_card_sort_order(static_cast<pb::DeckConfigConfig::NewCardSortOrder>(c.new_card_sort_order));
  p.set_new_mix(static_cast<pb::DeckConfigConfig::ReviewMix>(c.new_mix));
  p.set_review_order(static_cast<pb::DeckConfigConfig::ReviewCardOrder>(c.review_order));
  p.set_interday_learning_mix(static_cast<pb::DeckConfigConfig::ReviewMix>(c.interday_learning_mix));
  p.set_leech_action(static_cast<pb::DeckConfigConfig::LeechAction>(c.leech_action));
  p.set_leech_threshold(c.leech_threshold);
  p.set_disable_autoplay(c.disable_autoplay);
  p.set_cap_answer_time_to_secs(c.cap_answer_time_to_secs);
  p.set_show_timer(c.show_timer);
  p.set_stop_timer_on_answer(c.stop_timer_on_answer);
  p.set_seconds_to_show_question(c.seconds_to_show_question);
  p.set_seconds_to_show_answer(c.seconds_to_show_answer);
  p.set_question_action(static_cast<pb::DeckConfigConfig::QuestionAction>(c.question_action));
  p.set_answer_action(static_cast<pb::DeckConfigConfig::AnswerAction>(c.answer_action));
  p.set_wait_for_audio(c.wait_for_audio);
  p.set_skip_question_when_replaying_answer(c.skip_question_when_replaying_answer);
  p.set_bury_new(c.bury_new);
  p.set_bury_reviews(c.bury_reviews);
  p.set_bury_interday_learning(c.bury_interday_learning);
  p.set_desired_retention(c.desired_retention);
  p.set_ignore_revlogs_before_date(c.ignore_revlogs_before_date);
  p.set_historical_retention(c.historical_retention);
  p.set_param_search(c.param_search);
  p.set_other(c.other);
  storage::DeckConfigRow row;
  row.id = dc.id;
  row.name = dc.name;
  row.mtime = dc.mtime;
  row.usn = dc.usn;
  row.config = p.SerializeAsString();
  return row;
}

}  // namespace ankc::native
