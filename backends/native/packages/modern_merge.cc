#include "backends/native/packages/modern_merge.h"

#include <sqlite3.h>

#include "backends/action_error.h"
#include "backends/native/decks/deck.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/notes/note.h"
#include "backends/native/notes/note_ops.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/packages/media_refs.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notes/notes.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/packages/raw_rows.h"
#include "backends/native/tags/registry.h"

namespace ankc::native::packages {
using storage::SqlRow;
using storage::SqlValue;

namespace {

// rslib Notetype::schema_hash hashes field names then template names: equal input, equal hash.
std::string schema_of(const Notetype& nt) {
  std::string s;
  for (const auto& f : nt.fields) s += f.name + '\x1f';
  s += '\x1e';
  for (const auto& t : nt.templates) s += t.name + '\x1f';
  return s;
}

std::string human_name(const std::string& native) {
  std::string out;
  for (char c : native) c == '\x1f' ? out += "::" : out += c;
  return out;
}

void fix_field_count(std::vector<std::string>& fields, size_t count) {
  while (fields.size() < count) fields.emplace_back();
  while (fields.size() > count && fields.size() > 1) {
    std::string last = std::move(fields.back());
    fields.pop_back();
    fields.back() += last;
  }
}

bool changed(storage::Db& db) { return sqlite3_changes(db.handle()) > 0; }

}  // namespace

ModernMerge::ModernMerge(storage::Db& src, storage::Db& dst, Clock& clock, const ImportOptions& options, MediaUse media)
    : src_(src), dst_(dst), clock_(clock), now_(clock.now()), options_(options), media_(std::move(media)) {}

void ModernMerge::run(ImportSummary& summary) {
  import_notetypes(summary);
  import_notes(summary);
  if (options_.with_deck_configs) import_deck_configs();
  import_decks(summary);
  import_cards(summary);
  if (options_.with_scheduling) import_revlog(summary);
  int64_t next = storage::next_new_position(dst_);
  storage::set_config_json(dst_, "nextPos", std::to_string(next), kLocalUsn, now_.secs());
}

// --- Note types ------------------------------------------------------------------------------------

std::string ModernMerge::unique_notetype_name(std::string name, int64_t id) {
  for (;;) {
    auto other = load_notetype_by_name(dst_, name);
    if (!other || other->id.v == id) return name;
    name += "+";
  }
}

void ModernMerge::import_notetypes(ImportSummary& summary) {
  for (const auto& row : storage::all_notetypes(src_)) {
    auto incoming = load_notetype(src_, row.id);
    if (!incoming) continue;
    Notetype nt = std::move(*incoming);
    nt.usn = kLocalUsn;
    auto existing = load_notetype(dst_, nt.id);
    if (existing && schema_of(*existing) == schema_of(nt)) {
      if (options_.update_notetypes && existing->mtime < nt.mtime) {
        nt.name = unique_notetype_name(nt.name, nt.id.v);
        store_notetype(dst_, nt);
      }
      continue;
    }
    if (existing) {
      // Same id, different fields or templates: a new note type the package's notes move to.
      int64_t id = std::max(now_.v, nt.id.v + 1);
      while (load_notetype(dst_, NotetypeId{id})) ++id;
      notetype_map_[nt.id.v] = id;
      nt.id = NotetypeId{id};
    }
    nt.name = unique_notetype_name(nt.name, nt.id.v);
    store_notetype(dst_, nt);
    ++summary.notetypes_added;
  }
}

// --- Notes -----------------------------------------------------------------------------------------

void ModernMerge::import_notes(ImportSummary& summary) {
  struct Existing {
    int64_t id, mod, mid;
  };
  std::map<std::string, Existing> by_guid;
  std::set<int64_t> ids;
  for (const auto& k : storage::all_note_keys(dst_)) {
    by_guid[k.guid] = Existing{k.id, k.mod, k.mid};
    ids.insert(k.id);
  }
  auto munge = [&](std::string& flds) {
    std::vector<std::string> fields = split_fields(flds);
    for (auto& f : fields) f = rewrite_media_refs(f, media_);
    flds = join_fields(fields);
  };
  std::vector<int64_t> dirty;
  for (SqlRow note : storage::all_note_rows(src_)) {
    const int64_t src_id = note[storage::kNoteId].i;
    const std::string guid = note[storage::kNoteGuid].s;
    int64_t& mid = note[storage::kNoteMid].i;
    if (auto it = notetype_map_.find(mid); it != notetype_map_.end()) mid = it->second;
    note[storage::kNoteUsn] = SqlValue::integer(kLocalUsn.v);
    auto found = by_guid.find(guid);
    if (found != by_guid.end()) {
      const Existing old = found->second;
      if (old.mid != mid) {
        ++summary.notes_conflicting;
        continue;
      }
      note_map_[src_id] = old.id;
      if (!options_.update_notes || old.mod >= note[storage::kNoteMod].i) {
        ++summary.notes_duplicate;
        continue;
      }
      note[storage::kNoteId].i = old.id;
      found->second.mod = note[storage::kNoteMod].i;
      ++summary.notes_updated;
    } else {
      int64_t& id = note[storage::kNoteId].i;
      while (ids.count(id)) id += 999;
      ids.insert(id);
      note_map_[src_id] = id;
      by_guid[guid] = Existing{id, note[storage::kNoteMod].i, mid};
      ++summary.notes_added;
    }
    munge(note[storage::kNoteFlds].s);
    storage::put_note_row(dst_, note);
    dirty.push_back(note[storage::kNoteId].i);
  }
  refresh_notes(dirty);
}

// Anki's prepare_for_update without marking modified: field count, normalised text, canonical tags,
// sfld and csum.
void ModernMerge::refresh_notes(const std::vector<int64_t>& nids) {
  tags::TagRegistry registry(dst_);
  bool normalize = normalize_note_text(dst_);
  std::map<int64_t, Notetype> notetypes;
  for (int64_t nid : nids) {
    auto note = load_note(dst_, NoteId{nid});
    if (!note) continue;
    auto it = notetypes.find(note->notetype_id.v);
    if (it == notetypes.end()) {
      auto nt = load_notetype(dst_, note->notetype_id);
      if (!nt) throw ActionError("package is corrupt: a note uses a note type the package does not hold");
      it = notetypes.emplace(note->notetype_id.v, std::move(*nt)).first;
    }
    fix_field_count(note->fields, it->second.fields.size());
    for (auto& f : note->fields) f = normalize_field(f, normalize);
    note->tags = registry.canonify(note->tags);
    storage::put_note(dst_, note_to_row(*note, it->second));
  }
}

// --- Deck presets and decks --------------------------------------------------------------------------

void ModernMerge::import_deck_configs() {
  for (auto config : storage::all_deck_configs(src_)) {
    auto existing = storage::get_deck_config(dst_, config.id);
    if (existing && existing->mtime >= config.mtime) continue;
    config.usn = kLocalUsn;
    storage::put_deck_config(dst_, config);
  }
}

void ModernMerge::import_decks(ImportSummary& summary) {
  for (const auto& row : storage::all_decks(src_)) {  // name order: parents first
    Deck deck = deck_from_row(row);
    if (deck.is_filtered() && !options_.with_scheduling) {
      Deck normal = new_normal_deck(deck.name);
      normal.common = deck.common;
      deck = std::move(normal);
    }
    if (NormalDeck* n = deck.normal(); n && !options_.with_deck_configs) n->config_id = 1;
    std::string name = deck.name;
    auto existing = storage::get_deck_by_name(dst_, name);
    if (existing) {
      Deck target = deck_from_row(*existing);
      if (target.is_filtered() == deck.is_filtered()) {
        if (NormalDeck* t = target.normal()) {
          const NormalDeck* s = deck.normal();
          if (!s->description.empty()) {
            t->description = s->description;
            t->markdown_description = s->markdown_description;
          }
          if (s->config_id != 1) t->config_id = s->config_id;
        } else {
          target.kind = deck.kind;
        }
        target.mtime = now_.secs();
        target.usn = kLocalUsn;
        storage::put_deck(dst_, deck_to_row(target));
        deck_map_[row.id.v] = target.id.v;
        continue;
      }
      while (storage::get_deck_by_name(dst_, name)) name += "+";
    }
    // ensure_deck creates missing parents as normal decks, then the deck takes the package's contents.
    DeckId id = ensure_deck(dst_, human_name(name), now_);
    Deck added = *find_deck(dst_, id);
    deck.id = id;
    deck.name = added.name;
    deck.mtime = now_.secs();
    deck.usn = kLocalUsn;
    if (NormalDeck* n = deck.normal(); n && !storage::get_deck_config(dst_, DeckConfigId{n->config_id}))
      n->config_id = 1;
    storage::put_deck(dst_, deck_to_row(deck));
    deck_map_[row.id.v] = id.v;
    ++summary.decks_added;
  }
}

// --- Cards and revlog ------------------------------------------------------------------------------

void ModernMerge::import_cards(ImportSummary& summary) {
  std::map<std::pair<int64_t, int64_t>, int64_t> have;  // (destination note id, ord) → card id
  std::set<int64_t> ids;
  {
    std::map<std::string, int64_t> nid_of_guid;
    for (const auto& k : storage::all_note_keys(dst_)) nid_of_guid[k.guid] = k.id;
    for (const auto& k : storage::all_card_keys(dst_)) {
      have[{nid_of_guid[k.guid], k.ord}] = k.id;
      ids.insert(k.id);
    }
  }
  int64_t ahead_by = timing_today(src_, clock_).today - timing_today(dst_, clock_).today;
  int64_t next_position = storage::next_new_position(dst_);
  for (const SqlRow& joined : storage::all_card_rows_with_note(src_)) {
    SqlRow card(joined.begin() + 2, joined.end());
    auto note = note_map_.find(card[storage::kCardNid].i);
    if (note == note_map_.end()) continue;
    const int64_t src_cid = card[storage::kCardId].i;
    auto key = std::make_pair(note->second, card[storage::kCardOrd].i);
    if (auto it = have.find(key); it != have.end()) {
      card_map_[src_cid] = it->second;
      continue;
    }
    int64_t& id = card[storage::kCardId].i;
    while (ids.count(id)) id += 999;
    ids.insert(id);
    card[storage::kCardNid].i = note->second;
    auto map_deck = [&](int64_t did) {
      auto d = deck_map_.find(did);
      return d == deck_map_.end() ? int64_t{1} : d->second;
    };
    card[storage::kCardDid] = SqlValue::integer(map_deck(card[storage::kCardDid].i));
    card[storage::kCardUsn] = SqlValue::integer(kLocalUsn.v);
    int64_t type = card[storage::kCardType].i, queue = card[storage::kCardQueue].i;
    if (options_.with_scheduling) {
      // Days counted from the source's creation move to the destination's numbering.
      if (queue == 2 || queue == 3 || (type == 2 && queue < 0)) card[storage::kCardDue].i -= ahead_by;
      if (card[storage::kCardOdue].i && (type == 2 || queue == 3)) card[storage::kCardOdue].i -= ahead_by;
      if (card[storage::kCardOdid].i) card[storage::kCardOdid] = SqlValue::integer(map_deck(card[storage::kCardOdid].i));
    } else {
      if (card[storage::kCardOdid].i) card[storage::kCardDid] = SqlValue::integer(map_deck(card[storage::kCardOdid].i));
      int64_t position = (type == 0) ? card[storage::kCardDue].i : next_position++;
      if (type == 0 && card[storage::kCardOdid].i) position = card[storage::kCardOdue].i;
      for (auto col : {storage::kCardType, storage::kCardQueue, storage::kCardIvl, storage::kCardFactor,
                       storage::kCardReps, storage::kCardLapses, storage::kCardLeft, storage::kCardOdue,
                       storage::kCardOdid})
        card[col] = SqlValue::integer(0);
      card[storage::kCardDue] = SqlValue::integer(position);
      card[storage::kCardData] = SqlValue::text("");
    }
    storage::insert_card_row_or_ignore(dst_, card);
    if (changed(dst_)) ++summary.cards_added;
    have[key] = id;
    card_map_[src_cid] = id;
  }
}

void ModernMerge::import_revlog(ImportSummary& summary) {
  std::vector<int64_t> cids;
  for (const auto& [src_cid, dst_cid] : card_map_) cids.push_back(src_cid);
  for (SqlRow rev : storage::revlog_rows_of_cards(src_, cids)) {
    rev[storage::kRevlogCid] = SqlValue::integer(card_map_[rev[storage::kRevlogCid].i]);
    rev[storage::kRevlogUsn] = SqlValue::integer(kLocalUsn.v);
    storage::insert_revlog_row_or_ignore(dst_, rev);
    if (changed(dst_)) ++summary.revlog_added;
  }
}

}  // namespace ankc::native::packages
