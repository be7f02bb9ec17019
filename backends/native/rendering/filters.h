// The built-in template filters (rendering.md §4): text, furigana/kana/kanji, type (and
// type:cloze / type:nc), hint, cloze, cloze-only, tts, and the empty filter name. Filters run in
// application order; the first unknown filter stops the chain (add-on filters are no-ops here).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::rendering {

struct FilterContext {
  std::uint16_t card_ord = 0;  // cloze number = card_ord + 1
  bool question_side = true;
};

// Applies `filters` (application order, i.e. the one written next to the field name first) to
// `text`, the value of field `field_name`.
std::string apply_filters(std::string text, const std::vector<std::string>& filters,
                          std::string_view field_name, const FilterContext& ctx);

// furigana: base[reading] → <ruby><rb>base</rb><rt>reading</rt></ruby>.
std::string furigana_filter(std::string_view text);
// kana: base[reading] → reading.
std::string kana_filter(std::string_view text);
// kanji: base[reading] → base.
std::string kanji_filter(std::string_view text);

// The collapsible hint link; id from BLAKE3(text ‖ field_name).
std::string hint_filter(std::string_view text, std::string_view field_name);

}  // namespace ankc::native::rendering
