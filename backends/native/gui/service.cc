#include "backends/native/gui/service.h"

#include <boost/json/array.hpp>
#include <string>

#include "backends/action_error.h"
#include "backends/native/gui/add_cards.h"
#include "backends/native/gui/browse_order.h"
#include "backends/native/gui/browser.h"
#include "backends/native/gui/python_errors.h"
#include "backends/native/gui/review_session.h"
#include "backends/native/gui/selection.h"
#include "backends/native/search/query_param.h"
#include "backends/native/search/session_search.h"
#include "backends/native/session.h"
#include "backends/native/storage/notes/notes.h"
#include "compat/pyjson.h"

namespace ankc::native {
namespace {

namespace json = boost::json;

// Actions marked needs_collection in the spec fail like the plugin when no collection can be opened.
void require_collection(Session& s) { s.col(); }

// Anki's NotFound error as it reaches the client unwrapped (spec §4.2).
[[noreturn]] void throw_no_such_note(int64_t id) {
  throw ActionError(
      "Your database appears to be in an inconsistent state. Please use the Check Database action. "
      "No such note: '" + std::to_string(id) + "'");
}

// A note id handed to Anki's backend (an int64 protobuf field): Python ints and bools pass.
int64_t note_id_argument(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64());
  if (v.is_bool()) return v.get_bool() ? 1 : 0;
  throw ActionError("'" + std::string(pyjson::type_name(v)) + "' object cannot be interpreted as an integer");
}

// guiBrowse: the browser opens and searches (a search error is shown there, leaving its list), then
// reorderCards is checked and sorts it; the answer is findCards(query).
json::value gui_browse(Session& s, const json::object& params) {
  require_collection(s);
  auto query = search::query_param(params.at("query"));
  gui::Browser& browser = s.state<gui::Browser>();
  try {
    browser.browse(s, query ? std::optional<std::string>(std::string(*query)) : std::nullopt);
  } catch (const ActionError&) {
  }
  const json::value& reorder = params.at("reorderCards");
  gui::check_reorder_cards(reorder);
  if (reorder.is_object()) {
    const json::object& r = reorder.get_object();
    browser.sort(s, std::string(r.at("columnId").get_string()), r.at("order").get_string() == "descending");
  }
  json::array out;
  if (!query) return out;
  for (CardId id : search::cards_matching(s, *query)) out.emplace_back(id.v);
  return out;
}

// guiSelectCard / guiSelectNote (whose id is a card id too).
json::value select_card(Session& s, const json::value& card) {
  gui::Browser& browser = s.state<gui::Browser>();
  if (!browser.is_open()) return false;
  std::optional<int64_t> id;
  if (card.is_int64()) id = card.get_int64();
  if (card.is_uint64()) id = static_cast<int64_t>(card.get_uint64());
  return browser.select_card(CardId{id.value_or(0)});
}

json::value gui_select_card(Session& s, const json::object& params) { return select_card(s, params.at("card")); }
json::value gui_select_note(Session& s, const json::object& params) { return select_card(s, params.at("note")); }

json::value gui_selected_notes(Session& s, const json::object&) {
  gui::Browser& browser = s.state<gui::Browser>();
  json::array out;
  if (!browser.is_open()) return out;
  for (NoteId id : browser.selected_notes(s)) out.emplace_back(id.v);
  return out;
}

json::value gui_edit_note(Session& s, const json::object& params) {
  int64_t id = note_id_argument(params.at("note"));
  if (!storage::get_note(s.db(), NoteId{id})) throw_no_such_note(id);
  return nullptr;
}

json::value gui_add_cards(Session& s, const json::object& params) {
  require_collection(s);
  gui::check_add_cards_note(s, params.at("note"));
  return 0;
}

// guiDeckOverview: true and the deck becomes current (the window shows its overview, leaving any
// review) when it exists.
bool select_deck_named(Session& s, const json::object& params) {
  const json::value& name = params.at("name");
  if (!name.is_string()) throw ActionError("bad argument type for built-in operation");
  auto deck = gui::deck_by_name(s, name.get_string());
  if (!deck) return false;
  gui::select_deck(s, *deck);
  s.state<gui::ReviewSession>().leave_review();
  return true;
}

json::value gui_deck_overview(Session& s, const json::object& params) { return select_deck_named(s, params); }

// guiDeckReview: the overview, then the reviewer shows the deck's first card (none: the
// congratulations screen, review not active).
json::value gui_deck_review(Session& s, const json::object& params) {
  if (!select_deck_named(s, params)) return false;
  s.state<gui::ReviewSession>().enter_review(s);
  return true;
}

json::value gui_deck_browser(Session& s, const json::object&) {
  s.state<gui::ReviewSession>().leave_review();
  return nullptr;
}

// The reviewer, when the window is in review with a card shown.
gui::ReviewSession* reviewing(Session& s) {
  gui::ReviewSession& review = s.state<gui::ReviewSession>();
  if (!s.is_open()) return nullptr;  // no collection, no review
  return review.active(s) ? &review : nullptr;
}

json::value gui_review_active(Session& s, const json::object&) { return reviewing(s) != nullptr; }

json::value gui_current_card(Session& s, const json::object&) {
  require_collection(s);
  gui::ReviewSession* review = reviewing(s);
  if (!review) throw ActionError("Gui review is not currently active.");
  return review->current_card_json(s);
}

json::value gui_start_card_timer(Session& s, const json::object&) {
  gui::ReviewSession* review = reviewing(s);
  if (!review) return false;
  review->start_timer(s);
  return true;
}

json::value gui_show_question(Session& s, const json::object&) {
  gui::ReviewSession* review = reviewing(s);
  if (!review) return false;
  review->show_question();
  return true;
}

json::value gui_show_answer(Session& s, const json::object&) {
  gui::ReviewSession* review = reviewing(s);
  if (!review) return false;
  review->show_answer();
  return true;
}

json::value gui_play_audio(Session& s, const json::object&) { return reviewing(s) != nullptr; }

// The plugin compares ease with 0 and with the button count (4): Python's comparison rules.
std::optional<double> ease_number(const json::value& ease) {
  if (ease.is_int64()) return static_cast<double>(ease.get_int64());
  if (ease.is_uint64()) return static_cast<double>(ease.get_uint64());
  if (ease.is_double()) return ease.get_double();
  if (ease.is_bool()) return ease.get_bool() ? 1.0 : 0.0;
  return std::nullopt;
}

json::value gui_answer_card(Session& s, const json::object& params) {
  require_collection(s);
  gui::ReviewSession* review = reviewing(s);
  if (!review || !review->answer_shown()) return false;
  const json::value& ease = params.at("ease");
  auto number = ease_number(ease);
  if (!number)
    throw ActionError("'<=' not supported between instances of '" + std::string(pyjson::type_name(ease)) + "' and 'int'");
  if (*number <= 0 || *number > 4) return false;
  // A fractional ease is not a rating Anki can build an answer with: nothing is answered.
  if (*number != static_cast<double>(static_cast<int>(*number))) return false;
  review->answer(s, static_cast<int>(*number));
  return true;
}

// guiUndo: undoes the reviewer's last answer when there is one; always true, as mw.undo().
json::value gui_undo(Session& s, const json::object&) {
  if (s.is_open()) s.state<gui::ReviewSession>().undo(s);
  return true;
}

json::value answer_true(Session&, const json::object&) { return true; }
json::value answer_null(Session&, const json::object&) { return nullptr; }

const ServiceAction kActions[] = {
    {"guiBrowse", &gui_browse},
    {"guiEditNote", &gui_edit_note},
    {"guiSelectNote", &gui_select_note},
    {"guiSelectCard", &gui_select_card},
    {"guiSelectedNotes", &gui_selected_notes},
    {"guiAddCards", &gui_add_cards},
    {"guiReviewActive", &gui_review_active},
    {"guiCurrentCard", &gui_current_card},
    {"guiStartCardTimer", &gui_start_card_timer},
    {"guiShowQuestion", &gui_show_question},
    {"guiShowAnswer", &gui_show_answer},
    {"guiAnswerCard", &gui_answer_card},
    {"guiPlayAudio", &gui_play_audio},
    {"guiUndo", &gui_undo},
    {"guiDeckOverview", &gui_deck_overview},
    {"guiDeckBrowser", &gui_deck_browser},
    {"guiDeckReview", &gui_deck_review},
    {"guiImportFile", &answer_null},
    {"guiExitAnki", &answer_null},
    {"guiCheckDatabase", &answer_true},
};

}  // namespace

std::span<const ServiceAction> gui_actions() { return kActions; }

}  // namespace ankc::native
