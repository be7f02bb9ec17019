#include "backends/native/notetypes/card_updates.h"

#include <map>
#include <set>

#include "backends/native/notetypes/card_generation.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/graves/graves.h"
#include "backends/native/storage/notes/notes.h"

namespace ankc::native {

namespace {

struct TemplateOrdChanges {
  bool added = false;
  std::set<uint32_t> removed;
  std::map<uint32_t, uint32_t> moved;  // old ord -> new ord
  bool empty() const { return !added && removed.empty() && moved.empty(); }
};

TemplateOrdChanges ord_changes(const Notetype& nt, std::size_t previous_count) {
  TemplateOrdChanges changes;
  for (uint32_t i = 0; i < previous_count; ++i) changes.removed.insert(i);
  for (uint32_t idx = 0; idx < nt.templates.size(); ++idx) {
    const auto& ord = nt.templates[idx].ord;
    if (!ord) {
      changes.added = true;
      continue;
    }
    changes.removed.erase(*ord);
    if (*ord != idx) changes.moved[*ord] = idx;
  }
  return changes;
}

bool fronts_identical(const Notetype& nt, const std::vector<CardTemplate>& old_templates) {
  if (nt.templates.size() != old_templates.size()) return false;
  for (std::size_t i = 0; i < old_templates.size(); ++i)
    if (nt.templates[i].q_format != old_templates[i].q_format) return false;
  return true;
}

}  // namespace

bool update_cards_for_changed_templates(storage::Db& db, const Notetype& nt,
                                        const std::vector<CardTemplate>& old_templates, TimestampMillis now,
                                        Random& random) {
  TemplateOrdChanges changes = ord_changes(nt, old_templates.size());
  if (!changes.removed.empty() || !changes.moved.empty()) {
    for (NoteId nid : storage::note_ids_of_notetype(db, nt.id)) {
      // Removals first, then renumbering, as Anki does (two searches over the notetype's cards).
      for (const auto& card : storage::cards_of_note(db, nid)) {
        if (!changes.removed.count(card.ord)) continue;
        storage::add_card_grave(db, card.id, kLocalUsn);
        storage::remove_card(db, card.id);
      }
      for (auto card : storage::cards_of_note(db, nid)) {
        auto move = changes.moved.find(card.ord);
        if (move == changes.moved.end()) continue;
        card.ord = move->second;
        card.mtime = now.secs();
        card.usn = kLocalUsn;
        storage::put_card(db, card);
      }
    }
  }
  if (changes.added || !fronts_identical(nt, old_templates)) generate_cards_for_notetype(db, nt, now, random);
  return !changes.empty();
}

}  // namespace ankc::native
