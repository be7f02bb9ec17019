#include "backends/native/notes/note_ops.h"

#include "backends/native/cards/render_input.h"
#include "backends/native/collection/random.h"
#include "backends/native/notes/guid.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/graves/graves.h"
#include "backends/native/tags/tag_names.h"

namespace ankc::native {

bool normalize_note_text(storage::Db& db) {
  auto json = storage::get_config_json(db, "normalize_note_text");
  return !(json && *json == "false");
}

storage::NoteRow note_to_row(const Note& note, const Notetype& nt) {
  storage::NoteRow row;
  row.id = note.id;
  row.guid = note.guid;
  row.mid = note.notetype_id;
  row.mtime = note.mtime;
  row.usn = note.usn;
  row.tags = tags::join_tags(note.tags);
  row.flds = join_fields(note.fields);
  size_t sort_idx = nt.sort_field_idx;
  row.sfld = sort_idx < note.fields.size() ? strip_html_preserving_media_filenames(note.fields[sort_idx]) : "";
  row.csum = note.fields.empty() ? field_checksum("") : field_checksum(note.fields[0]);
  return row;
}

NoteWriter::NoteWriter(storage::Db& db, TimestampMillis now, Random& random)
    : db_(db), now_(now), random_(random), tags_(db), normalize_text_(normalize_note_text(db)), positions_(db, now) {}

void NoteWriter::prepare(Note& note, const Notetype& nt) {
  check_encodable(note);  // never store what Python could not encode
  note.fields.resize(nt.fields.size());
  for (auto& f : note.fields) f = normalize_field(f, normalize_text_);
  note.tags = tags_.canonify(note.tags);
  note.notetype_id = nt.id;
}

void NoteWriter::set_config_int(const std::string& key, int64_t value) {
  for (const auto& [k, v] : written_)
    if (k == key && v == value) return;
  storage::set_config_json(db_, key, std::to_string(value), storage::usn_for_local_change(db_), now_.secs());
  for (auto& [k, v] : written_)
    if (k == key) {
      v = value;
      return;
    }
  written_.emplace_back(key, value);
}

CardGenerator& NoteWriter::generator(const Notetype& nt) {
  auto& slot = types_[nt.id.v];
  if (!slot) slot = std::make_unique<TypeState>(db_, nt, now_, positions_, card_ids_);
  return slot->gen;
}

int NoteWriter::add(Note& note, const Notetype& nt, DeckId target_deck) {
  prepare(note, nt);
  if (note.guid.empty()) note.guid = new_guid(random_);
  note.mtime = now_.secs();
  note.usn = storage::usn_for_local_change(db_);
  storage::NoteRow row = note_to_row(note, nt);
  note.id = storage::add_note(db_, row, now_, note_ids_);
  int added = generator(nt).add_for_new_note(note.id, to_render_note(note), target_deck);
  set_config_int("curModel", nt.id.v);
  set_config_int("_nt_" + std::to_string(nt.id.v) + "_lastDeck", target_deck.v);
  set_config_int("_deck_" + std::to_string(target_deck.v) + "_lastNotetype", nt.id.v);
  return added;
}

bool NoteWriter::update(Note& note, const Notetype& nt) {
  prepare(note, nt);
  auto stored = storage::get_note(db_, note.id);
  if (stored && stored->mid == note.notetype_id && stored->flds == join_fields(note.fields) &&
      stored->tags == tags::join_tags(note.tags))
    return false;
  note.mtime = now_.secs();
  note.usn = storage::usn_for_local_change(db_);
  if (stored && note.guid.empty()) note.guid = stored->guid;
  storage::put_note(db_, note_to_row(note, nt));
  std::optional<DeckId> last_deck;
  if (auto json = storage::get_config_json(db_, "_nt_" + std::to_string(nt.id.v) + "_lastDeck")) {
    try {
      last_deck = DeckId{std::stoll(*json)};
    } catch (...) {
    }
  }
  generator(nt).add_for_existing_note(note.id, to_render_note(note), last_deck);
  return true;
}

void NoteWriter::remove(const std::vector<NoteId>& ids) {
  note_ids_ = {};  // a deleted maximum changes Anki's max(id) + 1
  card_ids_ = {};
  Usn usn = storage::usn_for_local_change(db_);
  for (NoteId id : ids) {
    if (!storage::get_note(db_, id)) continue;
    for (const auto& card : storage::cards_of_note(db_, id)) {
      storage::add_card_grave(db_, card.id, usn);
      storage::remove_card(db_, card.id);
    }
    storage::add_note_grave(db_, id, usn);
    storage::remove_note(db_, id);
  }
}

}  // namespace ankc::native
