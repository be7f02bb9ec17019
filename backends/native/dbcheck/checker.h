// What the per-area checks of check.cc share: a sink for violations and helpers that turn the rows
// of a storage query into violation lines. Internal to dbcheck/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backends/native/dbcheck/check.h"
#include "backends/native/dbcheck/loaded_notetypes.h"

namespace ankc::native::dbcheck {

class Checker {
 public:
  Checker(storage::Db& db, std::vector<Violation>& out) : db_(db), out_(out) {}

  storage::Db& db() { return db_; }
  bool empty() const { return out_.empty(); }
  const Violation& last() const { return out_.back(); }

  void add(int invariant, bool error, std::string message) {
    out_.push_back({invariant, error, std::move(message)});
  }
  void error(int invariant, std::string message) { add(invariant, true, std::move(message)); }
  void warning(int invariant, std::string message) { add(invariant, false, std::move(message)); }

  // Adds a violation unless `key` (e.g. "13 nfc") already produced kLimitPerKind lines; then one
  // "(more …)" line. Keeps the report short on a collection with thousands of identical faults.
  void limited(const std::string& key, int invariant, bool error, std::string message);


  static constexpr int kLimitPerKind = 20;

 private:
  storage::Db& db_;
  std::vector<Violation>& out_;
  std::vector<std::pair<std::string, int>> counts_;
};

// The per-area checks (one file each), called by check_collection in invariant order.
void check_deck_names(Checker& c);        // 7
void check_deck_presets(Checker& c);      // 8
using Notetypes = std::map<int64_t, LoadedNotetype>;
void check_notetype_names(Checker& c, const Notetypes& nts);  // 9 (names, sort field, kind)
void check_templates(Checker& c, const Notetypes& nts);       // 10, 11
void check_notes(Checker& c, const Notetypes& nts);           // 13, 14, 16, 19 (completeness)
void check_card_data(Checker& c);         // 21 (queue/type pairs, cards.data)

}  // namespace ankc::native::dbcheck
