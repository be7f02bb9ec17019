// The card `data` column (scheduling.md §1.3): original new position, FSRS memory state, desired
// retention, decay, last review time and add-on custom data, as one JSON object written with Anki's
// key order and rounding. Unparseable data reads as empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "backends/native/scheduling/fsrs.h"

namespace ankc::native {

struct CardData {
  std::optional<uint32_t> pos;
  std::optional<MemoryState> memory;  // present only when both s and d are
  std::optional<float> desired_retention;
  std::optional<float> decay;
  std::optional<int64_t> last_review_secs;  // lrt
  std::string custom_data;                  // cd (a JSON object as text), "" when absent

  static CardData parse(std::string_view json);
  // The JSON text to store: keys pos, s, d, dr, decay, lrt, cd (absent ones omitted); "{}" when empty.
  std::string to_json() const;
};

// f32 shortest round-trip decimal as serde_json writes it ("2.3065", "0.9", "36500.0").
std::string f32_json(float v);

}  // namespace ankc::native
