// The 121 AnkiConnect actions and their Python signatures, generated from
// ../shared/spec/ankiconnect-actions.json by compat/gen_actions.py (actions_table.inc is checked in;
// a test verifies it still matches the spec).
#pragma once

#include <span>
#include <string_view>

namespace ankc {

struct ParamSpec {
  std::string_view name;
  bool required;
  std::string_view default_json;  // JSON text of the Python default ("null", "false", "\"*\"") if optional
};

struct ActionSpec {
  std::string_view name;
  std::span<const ParamSpec> params;  // signature order, `self` excluded
  bool gui;                           // a gui* action
  bool needs_collection;
};

// The action with this exact (case-sensitive) name, or nullptr.
const ActionSpec* find_action(std::string_view name);
// Every action, in Python sorted() order (what apiReflect lists).
std::span<const ActionSpec> all_actions();

// ankiconnectd's own actions (README "Extensions"): served like actions, bound with the same rules,
// but not AnkiConnect's, so apiReflect does not list them. nullptr when name is none of them.
const ActionSpec* find_extension(std::string_view name);
std::span<const ActionSpec> all_extensions();

}  // namespace ankc
