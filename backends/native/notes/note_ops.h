// Writing notes as Anki's backend does (collection-format.md §8.3–§8.17): fields normalised, tags
// canonicalised and registered, sfld/csum derived, mod/usn stamped, cards generated, graves on delete.
// All functions run inside the caller's WriteTransaction.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "backends/native/cards/card_gen.h"
#include "backends/native/notes/note.h"
#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"
#include "backends/native/tags/registry.h"

namespace ankc::native {

class Random;

// The per-operation state of a batch of writes: the tag registry, one card generator per note type
// and the config values already written (so addNotes writes curModel / lastDeck keys once, not per
// note). Note types are assumed not to change during the operation.
class NoteWriter {
 public:
  NoteWriter(storage::Db& db, TimestampMillis now, Random& random);

  // Adds note (id, guid, mtime, usn assigned) with its cards in target_deck. Returns cards added.
  int add(Note& note, const Notetype& nt, DeckId target_deck);
  // Saves a changed note (no-op when fields, tags and notetype equal the stored row) and generates
  // cards that became non-empty. Returns true when something was written.
  bool update(Note& note, const Notetype& nt);
  // Deletes notes and their cards, writing graves. Unknown ids are ignored.
  void remove(const std::vector<NoteId>& ids);
  // Canonical tags (registering new ones).
  std::vector<std::string> canonify_tags(const std::vector<std::string>& tags) { return tags_.canonify(tags); }
  tags::TagRegistry& tag_registry() { return tags_; }
  TimestampMillis now() const { return now_; }

 private:
  void prepare(Note& note, const Notetype& nt);
  void set_config_int(const std::string& key, int64_t value);
  CardGenerator& generator(const Notetype& nt);
  struct TypeState {
    TypeState(storage::Db& db, const Notetype& type, TimestampMillis now, NextPosition& positions,
              storage::NewRowIds& card_ids)
        : nt(type), gen(db, nt, now, &positions, &card_ids) {}
    Notetype nt;
    CardGenerator gen;  // bound to nt above
  };
  storage::Db& db_;
  TimestampMillis now_;
  Random& random_;
  tags::TagRegistry tags_;
  bool normalize_text_;
  std::vector<std::pair<std::string, int64_t>> written_;
  NextPosition positions_;       // shared by the generators below
  storage::NewRowIds note_ids_;  // ids of the notes and cards added (reset by remove())
  storage::NewRowIds card_ids_;
  std::map<int64_t, std::unique_ptr<TypeState>> types_;
};

// The notes row for note (sfld from the sort field, csum from field 0).
storage::NoteRow note_to_row(const Note& note, const Notetype& nt);
// Config normalize_note_text (absent = true).
bool normalize_note_text(storage::Db& db);

}  // namespace ankc::native
