#include "backends/native/collection/defaults.h"

namespace ankc::native {

pb::DeckConfigConfig default_deck_config() {
  pb::DeckConfigConfig c;
  c.add_learn_steps(1.0f);
  c.add_learn_steps(10.0f);
  c.add_relearn_steps(10.0f);
  for (int i = 0; i < 7; ++i) c.add_easy_days_percentages(1.0f);
  c.set_new_per_day(20);
  c.set_reviews_per_day(200);
  c.set_initial_ease(2.5f);
  c.set_easy_multiplier(1.3f);
  c.set_hard_multiplier(1.2f);
  c.set_lapse_multiplier(0.0f);
  c.set_interval_multiplier(1.0f);
  c.set_maximum_review_interval(36500);
  c.set_minimum_lapse_interval(1);
  c.set_graduating_interval_good(1);
  c.set_graduating_interval_easy(4);
  c.set_leech_action(pb::DeckConfigConfig::LEECH_ACTION_TAG_ONLY);
  c.set_leech_threshold(8);
  c.set_cap_answer_time_to_secs(60);
  c.set_desired_retention(0.9f);
  c.set_historical_retention(0.9f);
  c.set_wait_for_audio(true);
  return c;
}

pb::DeckCommon new_deck_common() {
  pb::DeckCommon c;
  c.set_study_collapsed(true);
  c.set_browser_collapsed(true);
  return c;
}

pb::DeckKindContainer new_normal_deck_kind() {
  pb::DeckKindContainer k;
  k.mutable_normal()->set_config_id(1);
  return k;
}

pb::DeckKindContainer new_filtered_deck_kind() {
  pb::DeckKindContainer k;
  pb::DeckFiltered* f = k.mutable_filtered();
  f->set_reschedule(true);
  pb::FilteredSearchTerm* t1 = f->add_search_terms();
  t1->set_limit(100);
  t1->set_order(pb::FilteredSearchTerm::RANDOM);
  pb::FilteredSearchTerm* t2 = f->add_search_terms();
  t2->set_limit(20);
  t2->set_order(pb::FilteredSearchTerm::DUE);
  f->set_preview_again_secs(60);
  f->set_preview_hard_secs(600);
  return k;
}

std::vector<std::pair<std::string, std::string>> initial_config(int creation_offset_minutes_west) {
  return {
      {"activeDecks", "[1]"},
      {"addToCur", "true"},
      {"collapseTime", "1200"},
      {"creationOffset", std::to_string(creation_offset_minutes_west)},
      {"curDeck", "1"},
      {"curModel", "null"},
      {"dayLearnFirst", "false"},
      {"dueCounts", "true"},
      {"estTimes", "true"},
      {"newSpread", "0"},
      {"nextPos", "1"},
      {"sched2021", "true"},
      {"schedVer", "2"},
      {"sortBackwards", "false"},
      {"sortType", "\"noteFld\""},
      {"timeLim", "0"},
  };
}

}  // namespace ankc::native
