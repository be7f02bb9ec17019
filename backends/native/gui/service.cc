#include "backends/native/gui/service.h"

#include <boost/json/array.hpp>
#include <string>

#include "backends/action_error.h"
#include "backends/native/gui/add_cards.h"
#include "backends/native/gui/browse_order.h"
#include "backends/native/gui/python_errors.h"
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

json::value gui_browse(Session& s, const json::object& params) {
  require_collection(s);
  gui::check_reorder_cards(params.at("reorderCards"));
  json::array out;
  auto query = search::query_param(params.at("query"));
  if (!query) return out;
  for (CardId id : search::cards_matching(s, *query)) out.emplace_back(id.v);
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

// guiDeckOverview / guiDeckReview: true and the deck becomes current when it exists.
json::value gui_deck_overview(Session& s, const json::object& params) {
  const json::value& name = params.at("name");
  if (!name.is_string()) throw ActionError("bad argument type for built-in operation");
  auto deck = gui::deck_by_name(s, name.get_string());
  if (!deck) return false;
  gui::select_deck(s, *deck);
  return true;
}

json::value gui_current_card(Session& s, const json::object&) {
  require_collection(s);
  throw ActionError("Gui review is not currently active.");
}

json::value gui_answer_card(Session& s, const json::object&) {
  require_collection(s);
  return false;
}

json::value answer_false(Session&, const json::object&) { return false; }
json::value answer_true(Session&, const json::object&) { return true; }
json::value answer_null(Session&, const json::object&) { return nullptr; }
json::value answer_empty_list(Session&, const json::object&) { return json::array{}; }

const ServiceAction kActions[] = {
    {"guiBrowse", &gui_browse},
    {"guiEditNote", &gui_edit_note},
    {"guiSelectNote", &answer_false},
    {"guiSelectCard", &answer_false},
    {"guiSelectedNotes", &answer_empty_list},
    {"guiAddCards", &gui_add_cards},
    {"guiReviewActive", &answer_false},
    {"guiCurrentCard", &gui_current_card},
    {"guiStartCardTimer", &answer_false},
    {"guiShowQuestion", &answer_false},
    {"guiShowAnswer", &answer_false},
    {"guiAnswerCard", &gui_answer_card},
    {"guiPlayAudio", &answer_false},
    {"guiUndo", &answer_true},
    {"guiDeckOverview", &gui_deck_overview},
    {"guiDeckBrowser", &answer_null},
    {"guiDeckReview", &gui_deck_overview},
    {"guiImportFile", &answer_null},
    {"guiExitAnki", &answer_null},
    {"guiCheckDatabase", &answer_true},
};

}  // namespace

std::span<const ServiceAction> gui_actions() { return kActions; }

}  // namespace ankc::native
