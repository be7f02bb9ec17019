// Anki's Browser window, headless: one per profile (kept in the Session). guiBrowse opens it and
// runs a search, whose result becomes the browser's list of cards (card mode), sorted by the
// browser's column; the selection then follows Anki's table: the previously selected cards still
// listed, else the first row, and none when the list is empty. guiSelectCard / guiSelectNote and
// guiSelectedNotes work on that list.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native {
class Session;
}

namespace ankc::native::gui {

class Browser {
 public:
  // guiBrowse: opens the browser (first opening: the default search, config defaultSearchText or
  // "deck:current") and, when `query` is given, searches it. A search error (Anki's text) leaves
  // the list as it was and is thrown.
  void browse(Session& s, const std::optional<std::string>& query);
  // reorderCards: sorts the list by `column` (the selection stays on the same cards).
  void sort(Session& s, const std::string& column, bool descending);
  // guiSelectCard: false when the browser is not open; else the selection becomes that card when
  // it is listed (nothing otherwise), true.
  bool select_card(CardId card);
  // guiSelectedNotes: the notes of the selected cards ([] when closed).
  std::vector<NoteId> selected_notes(Session& s) const;

  bool is_open() const { return open_; }
  const std::vector<CardId>& cards() const { return cards_; }

 private:
  void search(Session& s, const std::string& query);
  void set_list(std::vector<CardId> cards);

  bool open_ = false;
  std::vector<CardId> cards_;
  std::vector<CardId> selected_;
  std::string sort_column_;
  bool sort_descending_ = false;
};

}  // namespace ankc::native::gui
