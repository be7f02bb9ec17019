// The action table (generated into actions_table.inc) and lookups over it.
#include "compat/actions.h"

#include <algorithm>
#include <iterator>

namespace ankc {

namespace {
#include "compat/actions_table.inc"
}  // namespace

const ActionSpec* find_action(std::string_view name) {
  // kActions is in sorted() order, i.e. by code point, which is byte order for these ASCII names.
  auto it = std::lower_bound(std::begin(kActions), std::end(kActions), name,
                             [](const ActionSpec& a, std::string_view n) { return a.name < n; });
  if (it == std::end(kActions) || it->name != name) return nullptr;
  return &*it;
}

std::span<const ActionSpec> all_actions() { return kActions; }

namespace {
// Extensions, in sorted() order.
constexpr ParamSpec kFullSyncParams[] = {{"mode", true, ""}};
constexpr ParamSpec kPathParams[] = {{"path", true, ""}};
constexpr ParamSpec kExportAnkiPackageParams[] = {
    {"path", true, ""}, {"deck", true, ""}, {"includeSched", false, "false"}, {"includeMedia", false, "false"},
    {"legacy", false, "false"}};
constexpr ParamSpec kExportCollectionPackageParams[] = {{"path", true, ""}, {"includeMedia", false, "true"}};
constexpr ActionSpec kExtensions[] = {
    {"checkDatabase", {}, false, true, false},
    {"createBackup", {}, false, true, false},
    {"exportAnkiPackage", kExportAnkiPackageParams, false, true, false},
    {"exportCollectionPackage", kExportCollectionPackageParams, false, true, false},
    {"fullSync", kFullSyncParams, false, true, false},
    {"importAnkiPackage", kPathParams, false, true, false},
    {"importCollectionPackage", kPathParams, false, true, false},
    {"syncStatus", {}, false, true, true},
};
}  // namespace

const ActionSpec* find_extension(std::string_view name) {
  for (const ActionSpec& a : kExtensions)
    if (a.name == name) return &a;
  return nullptr;
}

std::span<const ActionSpec> all_extensions() { return kExtensions; }

const ActionSpec* find_action_or_extension(std::string_view name) {
  const ActionSpec* a = find_action(name);
  return a ? a : find_extension(name);
}

bool is_read_only_action(std::string_view name) {
  const ActionSpec* a = find_action_or_extension(name);
  return a && a->read_only;
}

}  // namespace ankc
