// Cloze deletions (rendering.md §5): parsing {{cN::text::hint}} including nested clozes and
// multi-ordinal clozes ({{c1,2::…}}), the `cloze` and `cloze-only` filters, image-occlusion
// shapes, and the cloze numbers a note's fields contain.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace ankc::native::rendering {

// The `cloze` filter: renders `text` for cloze number `cloze_ord` (card ord + 1) on the question
// or answer side; "" when the text has no cloze with that number. HTML inside MathJax is removed.
std::string cloze_filter(std::string_view text, std::uint16_t cloze_ord, bool question_side);

// The `cloze-only` filter: the hints (question) or plain contents (answer) of the clozes with
// number `cloze_ord`, joined by ", ".
std::string cloze_only_filter(std::string_view text, std::uint16_t cloze_ord, bool question_side);

// Adds every cloze number other than 0 found in `text` (nested clozes included) to `out`.
void add_cloze_numbers(std::string_view text, std::set<std::uint16_t>& out);

// The cloze numbers other than 0 found in `text`.
std::set<std::uint16_t> cloze_numbers(std::string_view text);

}  // namespace ankc::native::rendering
