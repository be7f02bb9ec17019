// Which cards a note gets (collection-format.md §8.13–8.16, rendering.md §6.3): template
// ordinals whose front renders for normal note types, cloze numbers for cloze note types, the
// "every note has at least one card" rule, and the legacy `req` list stored with note types.
#pragma once

#include <cstdint>
#include <vector>

#include "backends/native/rendering/card_render.h"

namespace ankc::native::rendering {

// The card ordinals the note's content calls for, ascending: normal note types → templates whose
// front renders with the note's non-empty fields plus the special fields (Tags only if the note
// has tags); cloze note types → every cloze number n ≥ 1 in any field as ord min(n-1, 499).
std::vector<std::uint16_t> card_ords_for_note(const Notetype& nt, const Note& note);

// The ordinals to add to a note that already has cards `existing_ords`: card_ords_for_note minus
// the existing ones; if that and `existing_ords` are both empty and `ensure_not_empty` is set
// (adding a note), {0}.
std::vector<std::uint16_t> new_card_ords(const Notetype& nt, const Note& note,
                                         const std::vector<std::uint16_t>& existing_ords,
                                         bool ensure_not_empty);

enum class RequirementKind { kAny, kAll, kNone };

// One entry of the legacy `req` list: "any"/"all"/"none" and the field ordinals (ascending).
struct TemplateRequirement {
  RequirementKind kind = RequirementKind::kNone;
  std::vector<std::uint16_t> field_ords;
};

// The legacy requirements, one per template in template order (collection-format.md §8.16).
std::vector<TemplateRequirement> template_requirements(const Notetype& nt);

// "any" / "all" / "none", as written in the legacy JSON.
const char* requirement_kind_name(RequirementKind kind);

}  // namespace ankc::native::rendering
