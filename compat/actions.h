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
  // Changes nothing: not the collection, the media folder, the profile, a file, nor a window's state
  // (decided once in compat/gen_actions.py). Shadow mode mirrors only these by default; the native
  // backend runs the non-gui ones on its read connections, which refuse writes.
  bool read_only;
};

// find_action(name), else find_extension(name): what the binder serves under that name, or nullptr.
const ActionSpec* find_action_or_extension(std::string_view name);
// find_action_or_extension(name) is read_only (false when it is neither).
bool is_read_only_action(std::string_view name);
// A read-only action whose state is all in the collection (not a gui one, whose state lives with the
// writer): the native backend may run it on a read connection, and the HTTP layer on its read lane.
inline bool runs_on_read_connection(const ActionSpec& a) { return a.read_only && !a.gui; }

// The action with this exact (case-sensitive) name, or nullptr.
const ActionSpec* find_action(std::string_view name);
// Every action, in Python sorted() order (what apiReflect lists).
std::span<const ActionSpec> all_actions();

// ankiconnectd's own actions (README "Extensions"): served like actions, bound with the same rules,
// but not AnkiConnect's, so apiReflect does not list them. nullptr when name is none of them.
const ActionSpec* find_extension(std::string_view name);
std::span<const ActionSpec> all_extensions();

}  // namespace ankc
