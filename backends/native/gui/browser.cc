#include "backends/native/gui/browser.h"

#include <algorithm>

#include "backends/native/scheduling/timing.h"
#include "backends/native/search/session_search.h"
#include "backends/native/session.h"
#include "backends/native/storage/cards/browser_order.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/config/config.h"

namespace ankc::native::gui {
namespace {

// Anki's table keeps at most this many rows selected across a search.
constexpr size_t kSelectionLimit = 500;

// A string config value (JSON string), or "" when absent or not a string.
std::string config_string(Session& s, std::string_view key) {
  auto v = storage::get_config_json(s.db(), key);
  if (!v || v->size() < 2 || v->front() != '"') return "";
  return v->substr(1, v->size() - 2);
}

}  // namespace

void Browser::browse(Session& s, const std::optional<std::string>& query) {
  if (!open_) {
    sort_column_ = config_string(s, "sortType");
    if (sort_column_.empty()) sort_column_ = "noteFld";
    sort_descending_ = storage::get_config_json(s.db(), "sortBackwards").value_or("false") == "true";
    std::string initial = config_string(s, "defaultSearchText");
    if (initial.find_first_not_of(" \t\n") == std::string::npos) initial = "deck:current";
    try {
      search(s, initial);
    } catch (const std::exception&) {
      cards_.clear();  // Anki shows the error and an empty table
    }
    open_ = true;
  }
  if (query) search(s, *query);
}

void Browser::search(Session& s, const std::string& query) {
  std::vector<CardId> found = search::cards_matching(s, query);
  const SchedTiming timing = timing_today(s.db(), s.clock());
  set_list(storage::sort_cards_by_column(s.db(), found, sort_column_, sort_descending_, timing.today, timing.now.v));
}

void Browser::set_list(std::vector<CardId> cards) {
  std::vector<CardId> kept;
  for (CardId c : cards)
    if (std::find(selected_.begin(), selected_.end(), c) != selected_.end()) kept.push_back(c);
  cards_ = std::move(cards);
  if (cards_.empty()) {
    selected_.clear();
  } else if (kept.empty()) {
    selected_ = {cards_.front()};
  } else {
    if (kept.size() >= kSelectionLimit) kept.resize(1);
    selected_ = std::move(kept);
  }
}

void Browser::sort(Session& s, const std::string& column, bool descending) {
  sort_column_ = column;
  sort_descending_ = descending;
  const SchedTiming timing = timing_today(s.db(), s.clock());
  cards_ = storage::sort_cards_by_column(s.db(), cards_, column, descending, timing.today, timing.now.v);
}

bool Browser::select_card(CardId card) {
  if (!open_) return false;
  selected_.clear();
  if (std::find(cards_.begin(), cards_.end(), card) != cards_.end()) selected_.push_back(card);
  return true;
}

std::vector<NoteId> Browser::selected_notes(Session& s) const {
  if (!open_) return {};
  std::vector<CardId> ids = selected_;
  std::sort(ids.begin(), ids.end(), [](CardId a, CardId b) { return a.v < b.v; });
  std::vector<NoteId> out;
  for (CardId id : ids) {
    auto card = storage::get_card(s.db(), id);
    if (!card) continue;
    if (std::find(out.begin(), out.end(), card->nid) == out.end()) out.push_back(card->nid);
  }
  return out;
}

}  // namespace ankc::native::gui
