// Deck options presets ("deck config"): one row of deck_config with its protobuf blob decoded into
// plain fields (collection-format.md §2.8, §4.7). Field names follow the protobuf message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native {

// DeckConfig.Config; defaults are those of Anki's stock "Default" preset.
struct DeckConfigInner {
  std::vector<float> learn_steps{1.0f, 10.0f};
  std::vector<float> relearn_steps{10.0f};
  std::vector<float> fsrs_params_4;
  std::vector<float> fsrs_params_5;
  std::vector<float> fsrs_params_6;
  uint32_t new_per_day = 20;
  uint32_t reviews_per_day = 200;
  uint32_t new_per_day_minimum = 0;
  float initial_ease = 2.5f;
  float easy_multiplier = 1.3f;
  float hard_multiplier = 1.2f;
  float lapse_multiplier = 0.0f;
  float interval_multiplier = 1.0f;
  uint32_t maximum_review_interval = 36500;
  uint32_t minimum_lapse_interval = 1;
  uint32_t graduating_interval_good = 1;
  uint32_t graduating_interval_easy = 4;
  int32_t new_card_insert_order = 0;  // 0 due, 1 random
  int32_t new_card_gather_priority = 0;
  int32_t new_card_sort_order = 0;
  int32_t new_mix = 0;
  int32_t review_order = 0;
  int32_t interday_learning_mix = 0;
  int32_t leech_action = 1;  // 0 suspend, 1 tag only
  uint32_t leech_threshold = 8;
  bool disable_autoplay = false;
  uint32_t cap_answer_time_to_secs = 60;
  bool show_timer = false;
  bool stop_timer_on_answer = false;
  float seconds_to_show_question = 0.0f;
  float seconds_to_show_answer = 0.0f;
  int32_t question_action = 0;
  int32_t answer_action = 0;
  bool wait_for_audio = true;
  bool skip_question_when_replaying_answer = false;
  bool bury_new = false;
  bool bury_reviews = false;
  bool bury_interday_learning = false;
  float desired_retention = 0.9f;
  std::string ignore_revlogs_before_date;
  std::vector<float> easy_days_percentages{1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
  float historical_retention = 0.9f;
  std::string param_search;
  std::string other;  // JSON object of unknown legacy keys (field 255), or empty
};

struct DeckConfig {
  DeckConfigId id;
  std::string name;
  TimestampSecs mtime;
  Usn usn;
  DeckConfigInner config;
};

// The stock "Default" preset values under `name` (id 0: not yet stored).
DeckConfig default_deck_config(std::string name);

}  // namespace ankc::native
