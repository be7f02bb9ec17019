// Learning and relearning steps (scheduling.md §5.1): delays in seconds for each answer, given the
// card's remaining-steps count (read modulo 1000, as older schedulers packed a day count into it).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ankc::native {

class LearningSteps {
 public:
  // steps in minutes, as stored in the preset.
  explicit LearningSteps(const std::vector<float>& minutes) : steps_(minutes) {}

  bool empty() const { return steps_.empty(); }
  // The first step (Again), or nullopt without steps.
  std::optional<uint32_t> again_delay_secs() const;
  // Hard: the current step (the first step gets a delay between it and the next).
  std::optional<uint32_t> hard_delay_secs(uint32_t remaining) const;
  // Good: the next step, or nullopt when the card graduates.
  std::optional<uint32_t> good_delay_secs(uint32_t remaining) const;
  // The step the card is on (0 without steps).
  uint32_t current_delay_secs(uint32_t remaining) const;
  // Remaining steps after Good.
  uint32_t remaining_for_good(uint32_t remaining) const;
  // Remaining steps after Again (all of them).
  uint32_t remaining_for_failed() const { return static_cast<uint32_t>(steps_.size()); }

 private:
  size_t index(uint32_t remaining) const;
  std::optional<uint32_t> secs_at(size_t index) const;
  std::vector<float> steps_;
};

}  // namespace ankc::native
