#include "backends/native/packages/legacy_merge.h"

#include <filesystem>
#include <set>

#include "backends/action_error.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/media/media_folder.h"
#include "backends/native/notes/note.h"
#include "backends/native/notes/note_ops.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/packages/media_refs.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notes/notes.h"
#include "backends/native/tags/registry.h"

namespace ankc::native::packages {
using storage::SqlRow;

namespace {
// Anki's scmhash input: field names then template names.
std::string schema_of(const Notetype& nt) {
  std::string s;
  for (const auto& f : nt.fields) s += f.name;
  for (const auto& t : nt.templates) s += t.name;
  return s;
}

std::string human_name(const std::string& native) {
  std::string out;
  for (char c : native) c == '\x1f' ? out += "::" : out += c;
  return out;
}

// Note fields padded or merged to the notetype's field count (rslib Note::fix_field_count).
void fix_field_count(std::vector<std::string>& fields, size_t count) {
  while (fields.size() < count) fields.emplace_back();
  while (fields.size() > count && fields.size() > 1) {
    std::string last = std::move(fields.back());
    fields.pop_back();
    fields.back() += last;
  }
}
}  // namespace

LegacyMerge::LegacyMerge(storage::Db& src, storage::Db& dst, Clock& clock, const ZipReader& zip,
                         const MediaMap& media_map, DestinationMedia& media)
    : src_(src), dst_(dst), clock_(clock), now_(clock.now()), zip_(zip), media_map_(media_map), media_(media) {}

void LegacyMerge::run() {
  import_notes();
  import_cards();
  // _postImport: the next new-card position follows the imported cards.
  int64_t next = storage::next_new_position(dst_);
  storage::set_config_json(dst_, "nextPos", std::to_string(next), kLocalUsn, now_.secs());
}

// --- Note types ------------------------------------------------------------------------------------

int64_t LegacyMerge::dst_notetype(int64_t src_mid) {
  if (auto it = notetype_map_.find(src_mid); it != notetype_map_.end()) return it->second;
  auto src_nt = load_notetype(src_, NotetypeId{src_mid});
  if (!src_nt) throw ActionError("'NoneType' object is not subscriptable");
  int64_t mid = src_mid;
  while (true) {
    auto dst_nt = load_notetype(dst_, NotetypeId{mid});
    if (!dst_nt) {
      copy_notetype(src_mid, mid);
      break;
    }
    if (schema_of(*dst_nt) == schema_of(*src_nt)) {
      if (src_nt->mtime.v > dst_nt->mtime.v) copy_notetype(src_mid, mid);
      break;
    }
    ++mid;
  }
  notetype_map_[src_mid] = mid;
  return mid;
}

void LegacyMerge::copy_notetype(int64_t src_mid, int64_t dst_mid) {
  Notetype nt = *load_notetype(src_, NotetypeId{src_mid});
  nt.id = NotetypeId{dst_mid};
  nt.usn = kLocalUsn;
  // models.ensure_name_unique: another note type with that name gets "-" + 5 hex digits.
  auto same_name = load_notetype_by_name(dst_, nt.name);
  if (same_name && same_name->id.v != dst_mid)
    nt.name += "-" + media::sha1_hex(std::to_string(now_.v) + nt.name).substr(0, 5);
  store_notetype(dst_, nt);
}

// --- Decks -----------------------------------------------------------------------------------------

int64_t LegacyMerge::dst_deck(int64_t src_did) {
  if (auto it = deck_map_.find(src_did); it != deck_map_.end()) return it->second;
  std::optional<Deck> g = find_deck_or_default(src_, DeckId{src_did});
  if (!g) throw ActionError("'NoneType' object is not subscriptable");
  std::string name = human_name(g->name);
  // Parents first, so their descriptions and presets come over too.
  std::string head;
  for (size_t pos = name.find("::"); pos != std::string::npos; pos = name.find("::", pos + 2)) {
    head = name.substr(0, pos);
    if (auto parent = find_deck_by_human_name(src_, head)) dst_deck(parent->id.v);
  }
  if (auto existing = find_deck_by_human_name(dst_, name); existing && existing->is_filtered())
    name += " " + std::to_string(now_.secs().v);
  DeckId new_id = ensure_deck(dst_, name, now_);
  Deck deck = *find_deck(dst_, new_id);
  if (const NormalDeck* src_normal = g->normal()) {
    if (NormalDeck* dst_normal = deck.normal()) {
      if (src_normal->config_id != 1) {
        if (auto preset = storage::get_deck_config(src_, DeckConfigId{src_normal->config_id})) {
          preset->mtime = now_.secs();
          preset->usn = kLocalUsn;
          storage::put_deck_config(dst_, *preset);
          dst_normal->config_id = src_normal->config_id;
        }
      }
      dst_normal->description = src_normal->description;
    }
  }
  deck.mtime = now_.secs();
  deck.usn = kLocalUsn;
  storage::put_deck(dst_, deck_to_row(deck));
  deck_map_[src_did] = new_id.v;
  return new_id.v;
}

// --- Media -----------------------------------------------------------------------------------------

std::string LegacyMerge::src_media(const std::string& name) {
  auto it = media_map_.find(name);
  if (it == media_map_.end()) return "";
  return read_media_member(zip_, it->second);
}

// Anki's _mungeMedia: copy referenced files over; on a clash with different content the file goes
// in as "<stem>_<mid><ext>" and the reference follows.
std::string LegacyMerge::munge_media(int64_t mid, const std::string& flds) {
  auto rename = [&](const std::string& fname) -> std::string {
    std::string src_data = src_media(fname);
    if (src_data.empty()) return fname;
    std::filesystem::path p(fname);
    std::string ext = p.extension().string();
    std::string stem = fname.substr(0, fname.size() - ext.size());
    std::string local = stem + "_" + std::to_string(mid) + ext;
    if (media_.have(local)) return local;
    std::string dst_data = media_.read(fname);
    if (dst_data.empty() || dst_data == src_data) {
      if (dst_data.empty()) media_.write(fname, src_data);
      return fname;
    }
    media_.write(local, src_data);
    return local;
  };
  std::vector<std::string> fields = split_fields(flds);
  for (auto& f : fields) f = transform_references(f, rename);
  return join_fields(fields);
}

// --- Notes -----------------------------------------------------------------------------------------

bool LegacyMerge::uniquify_note(SqlRow& note) {
  const std::string& guid = note[storage::kNoteGuid].s;
  int64_t src_mid = note[storage::kNoteMid].i;
  int64_t dst_mid = dst_notetype(src_mid);
  if (src_mid == dst_mid) return !notes_.count(guid);
  note[storage::kNoteMid].i = dst_mid;
  if (!notes_.count(guid)) return true;
  ignored_guids_.insert(guid);
  return false;
}

void LegacyMerge::import_notes() {
  std::set<int64_t> existing;
  for (const auto& k : storage::all_note_keys(dst_)) {
    notes_[k.guid] = DstNote{k.id, k.mod, k.mid};
    existing.insert(k.id);
  }
  std::vector<SqlRow> writes;
  std::vector<int64_t> dirty;
  for (SqlRow note : storage::all_note_rows(src_)) {
    bool add = uniquify_note(note);
    const std::string guid = note[storage::kNoteGuid].s;
    if (add) {
      int64_t& id = note[storage::kNoteId].i;
      while (existing.count(id)) id += 999;
      existing.insert(id);
      note[storage::kNoteUsn] = storage::SqlValue::integer(kLocalUsn.v);
      note[storage::kNoteFlds].s = munge_media(note[storage::kNoteMid].i, note[storage::kNoteFlds].s);
      notes_[guid] = DstNote{id, note[storage::kNoteMod].i, note[storage::kNoteMid].i};
    } else {
      const DstNote old = notes_[guid];
      if (old.mod >= note[storage::kNoteMod].i) continue;
      if (old.mid != note[storage::kNoteMid].i) {
        ignored_guids_.insert(guid);
        continue;
      }
      note[storage::kNoteId].i = old.id;
      note[storage::kNoteUsn] = storage::SqlValue::integer(kLocalUsn.v);
      note[storage::kNoteFlds].s = munge_media(note[storage::kNoteMid].i, note[storage::kNoteFlds].s);
    }
    dirty.push_back(note[storage::kNoteId].i);
    writes.push_back(std::move(note));
  }
  for (const SqlRow& row : writes) storage::put_note_row(dst_, row);
  update_field_cache(dirty);
}

// after_note_updates(mark_modified=False, generate_cards=False): field count, normalised text,
// canonical registered tags, sfld and csum; mtime and usn stay.
void LegacyMerge::update_field_cache(const std::vector<int64_t>& nids) {
  tags::TagRegistry registry(dst_);
  bool normalize = normalize_note_text(dst_);
  std::map<int64_t, Notetype> notetypes;
  for (int64_t nid : nids) {
    auto note = load_note(dst_, NoteId{nid});
    if (!note) continue;
    auto it = notetypes.find(note->notetype_id.v);
    if (it == notetypes.end()) {
      auto nt = load_notetype(dst_, note->notetype_id);
      if (!nt) continue;
      it = notetypes.emplace(note->notetype_id.v, std::move(*nt)).first;
    }
    fix_field_count(note->fields, it->second.fields.size());
    for (auto& f : note->fields) f = normalize_field(f, normalize);
    note->tags = registry.canonify(note->tags);
    storage::put_note(dst_, note_to_row(*note, it->second));
  }
}

// --- Cards -----------------------------------------------------------------------------------------

void LegacyMerge::import_cards() {
  std::set<std::pair<std::string, int64_t>> have;
  std::set<int64_t> existing;
  for (const auto& k : storage::all_card_keys(dst_)) {
    have.insert({k.guid, k.ord});
    existing.insert(k.id);
  }
  int64_t ahead_by = timing_today(src_, clock_).today - timing_today(dst_, clock_).today;
  std::vector<SqlRow> cards, revlog;
  for (const SqlRow& joined : storage::all_card_rows_with_note(src_)) {
    const std::string& guid = joined[0].s;
    if (ignored_guids_.count(guid) || !notes_.count(guid)) continue;
    SqlRow card(joined.begin() + 2, joined.end());
    if (have.count({guid, card[storage::kCardOrd].i})) continue;
    int64_t src_cid = card[storage::kCardId].i;
    int64_t& id = card[storage::kCardId].i;
    while (existing.count(id)) id += 999;
    existing.insert(id);
    auto& c = card;
    c[storage::kCardNid] = storage::SqlValue::integer(notes_[guid].id);
    c[storage::kCardDid] = storage::SqlValue::integer(dst_deck(c[storage::kCardDid].i));
    c[storage::kCardMod] = storage::SqlValue::integer(now_.secs().v);
    c[storage::kCardUsn] = storage::SqlValue::integer(kLocalUsn.v);
    int64_t type = c[storage::kCardType].i, queue = c[storage::kCardQueue].i;
    if (queue == 2 || queue == 3 || type == 2) c[storage::kCardDue].i -= ahead_by;
    if (c[storage::kCardOdue].i) c[storage::kCardOdue].i -= ahead_by;
    if (c[storage::kCardOdid].i) {
      // A card from a filtered deck arrives as a normal card.
      c[storage::kCardOdid].i = 0;
      c[storage::kCardDue].i = c[storage::kCardOdue].i;
      c[storage::kCardOdue].i = 0;
      c[storage::kCardQueue].i = type == 1 ? 0 : type;
      if (type == 1) c[storage::kCardType].i = 0;
    }
    for (SqlRow rev : storage::revlog_rows_of_card(src_, src_cid)) {
      rev[storage::kRevlogCid] = storage::SqlValue::integer(id);
      rev[storage::kRevlogUsn] = storage::SqlValue::integer(kLocalUsn.v);
      revlog.push_back(std::move(rev));
    }
    cards.push_back(std::move(card));
  }
  for (const SqlRow& row : cards) storage::insert_card_row_or_ignore(dst_, row);
  for (const SqlRow& row : revlog) storage::insert_revlog_row_or_ignore(dst_, row);
}

}  // namespace ankc::native::packages
