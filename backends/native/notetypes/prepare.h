// What Anki does to a note type before writing it (rslib Notetype::prepare_for_update, 25.09):
// name rules (quotes removed, NFC, field/template name fixes, '+' for duplicates), the sort field
// following its field, legacy reqs, template rewrites for renamed/removed fields, and the template
// checks. Errors carry Anki's texts ("1 field required", "Empty field name", CardType errors…).
#pragma once

#include "backends/native/notetypes/notetype.h"

namespace ankc::native {

// Prepares nt for storing. `existing` is the stored version for an update (its field ords tell
// renames and removals apart), nullptr when adding. Field/template ords are left as they are.
void prepare_for_update(Notetype& nt, const Notetype* existing, bool skip_checks = false);

// Rust's str::trim / trim_start_matches for field names: the fixed name, or "" when nothing is left.
std::string fixed_field_name(const std::string& name);

}  // namespace ankc::native
