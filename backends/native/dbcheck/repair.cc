// Check Database, step by step in Anki's order (rslib dbcheck.rs): card properties, orphaned cards,
// missing decks, filtered-card links, notes per notetype (recovered notetypes, duplicate and
// template-less cards, field counts, field text, tags, sfld/csum, missing cards), revlog, missing
// parent decks, nextPos, future ids.
#include "backends/native/dbcheck/repair.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utf8proc.h>

#include "backends/native/collection/stock_notetypes.h"
#include "backends/native/dbcheck/field_text.h"
#include "backends/native/dbcheck/names.h"
#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/nfc.h"
#include "backends/native/notetypes/card_generation.h"
#include "backends/native/notetypes/notetype_ops.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/dbcheck/repair_queries.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notes/notes.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/tags/tags.h"
#include "backends/native/storage/transaction.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native::dbcheck {
namespace {

constexpr int64_t kDayMs = 86400000;

std::vector<std::string> split_fields(std::string_view flds) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = flds.find('\x1f', start);
    out.emplace_back(flds.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::string join_fields(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "\x1f" : "") + fields[i];
  return out;
}

// Invalid UTF-8 sequences become U+FFFD; returns false when the text was already valid.
bool repair_utf8(std::string& text) {
  std::string out;
  bool changed = false;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      out += "\xef\xbf\xbd";
      changed = true;
      n = 1;
    } else {
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    }
    p += n;
    left -= n;
  }
  if (changed) text = std::move(out);
  return changed;
}

// §8.3: ASCII control characters other than TAB and LF removed; NFC when normalize.
std::string normalized_field(const std::string& field, bool normalize) {
  std::string out;
  out.reserve(field.size());
  for (char ch : field) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) continue;
    out += ch;
  }
  return normalize ? to_nfc(out) : out;
}

// Anki's fix_field_count: pad with empty fields, or fold extra fields into the last one with "; ".
void fix_field_count(std::vector<std::string>& fields, std::size_t wanted) {
  while (fields.size() < wanted) fields.emplace_back();
  while (fields.size() > wanted && fields.size() > 1) {
    std::string last = std::move(fields.back());
    fields.pop_back();
    fields.back() += "; " + last;
  }
}

class Repairer {
 public:
  Repairer(storage::Db& db, TimestampMillis now, Random& random, storage::WriteTransaction& tx)
      : db_(db), now_(now), random_(random), tx_(tx) {}

  RepairCounts run() {
    fix_card_properties();
    if ((counts_.cards_missing_note = storage::delete_orphaned_cards(db_)) > 0) tx_.mark_schema_changed();
    recover_missing_decks();
    fix_filtered_links();
    check_notetypes();
    if ((counts_.revlog_properties_invalid = storage::fix_revlog_properties(db_)) > 0) tx_.mark_schema_changed();
    add_missing_parent_decks();
    update_next_position();
    fix_future_ids();
    return counts_;
  }

 private:
  void fix_card_properties() {
    storage::ColRow col = storage::get_col(db_);
    int64_t today = std::max<int64_t>(0, (now_.secs().v - col.crt.v) / 86400);
    std::optional<std::string> sched = storage::get_config_json(db_, "schedVer");
    bool v1 = sched && *sched == "1";
    TimestampSecs mtime = now_.secs();
    counts_.card_position_too_high = storage::fix_new_card_due(db_, mtime, kLocalUsn);
    counts_.card_properties_invalid += storage::fix_other_card_due(db_, today, mtime, kLocalUsn);
    counts_.card_properties_invalid += storage::fix_card_odue(db_, v1, mtime, kLocalUsn);
    counts_.card_properties_invalid += storage::fix_card_ivl(db_, mtime, kLocalUsn);
    counts_.card_properties_invalid += storage::fix_card_mod(db_);
    counts_.card_properties_invalid += storage::fix_card_ord(db_, mtime, kLocalUsn);
  }

  // Cards in a deck that no longer exists get a normal deck "recovered<id>" with that id.
  void recover_missing_decks() {
    for (DeckId did : storage::missing_card_decks(db_)) {
      Deck deck = new_normal_deck("recovered" + std::to_string(did.v));
      deck.id = did;
      deck.mtime = now_.secs();
      deck.usn = kLocalUsn;
      storage::put_deck(db_, deck_to_row(deck));
      ++counts_.decks_missing;
    }
  }

  // A card with an original deck must sit in a filtered deck; otherwise the link is dropped.
  void fix_filtered_links() {
    int wrong = 0;
    for (const auto& [cid, did] : storage::cards_with_original_deck(db_)) {
      std::optional<Deck> deck = find_deck(db_, did);
      if (deck && !deck->is_filtered()) {
        storage::clear_original_deck(db_, cid);
        ++wrong;
      }
    }
    if (wrong > 0) {
      counts_.card_properties_invalid += wrong;
      tx_.mark_schema_changed();
    }
  }

  void check_notetypes() {
    std::optional<std::string> norm = storage::get_config_json(db_, "normalize_note_text");
    normalize_ = !(norm && *norm == "false");
    std::vector<std::string> expanded = storage::expanded_tags(db_);
    storage::clear_tags(db_);
    auto ids = storage::note_ids_by_notetype(db_);
    for (std::size_t i = 0; i < ids.size();) {
      std::size_t end = i;
      while (end < ids.size() && ids[end].first == ids[i].first) ++end;
      std::optional<Notetype> nt = load_or_recover(ids[i].first, ids[i].second);
      for (std::size_t j = i; j < end; ++j) repair_note(*nt, ids[j].second);
      generate_cards_for_notetype(db_, *nt, now_, random_);
      i = end;
    }
    for (const std::string& tag : expanded) storage::set_tag_expanded(db_, tag);
    if (counts_.card_ords_duplicated > 0 || counts_.field_count_mismatch > 0 || counts_.templates_missing > 0 ||
        counts_.notetypes_recovered > 0)
      tx_.mark_schema_changed();
  }

  std::optional<Notetype> load_or_recover(NotetypeId ntid, NoteId first_note) {
    std::optional<Notetype> nt = load_notetype(db_, ntid);
    if (nt) return nt;
    ++counts_.notetypes_recovered;
    std::size_t field_count = split_fields(storage::raw_note_fields(db_, first_note)).size();
    int64_t extra_templates = storage::highest_card_ord_of_notetype(db_, ntid);
    return recovery_notetype(field_count, extra_templates);
  }

  // Anki's recovery notetype: Basic with fields "3", "4", ... added up to field_count and one more
  // "Card N" template per extra card ordinal in use, named "db-check-<ms>-<field count>".
  Notetype recovery_notetype(std::size_t field_count, int64_t extra_templates) {
    StockNotetype basic = stock_notetype(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC, random_);
    Notetype nt;
    nt.name = "db-check-" + std::to_string(now_.v) + "-" + std::to_string(field_count);
    nt.css = basic.config.css();
    nt.latex_pre = basic.config.latex_pre();
    nt.latex_post = basic.config.latex_post();
    nt.original_stock_kind = basic.config.original_stock_kind();
    for (const StockField& f : basic.fields) {
      NoteField field;
      field.name = f.name;
      field.id = static_cast<int64_t>(random_.next_u64());
      nt.fields.push_back(field);
    }
    for (std::size_t n = 3; nt.fields.size() < field_count; ++n) {
      NoteField field;
      field.name = std::to_string(n);
      field.id = static_cast<int64_t>(random_.next_u64());
      nt.fields.push_back(field);
    }
    const pb::TemplateConfig& card1 = basic.templates[0].config;
    for (int64_t n = 0; n <= extra_templates; ++n) {
      CardTemplate t;
      t.name = n == 0 ? basic.templates[0].name : "Card " + std::to_string(n + 1);
      t.q_format = card1.q_format();
      t.a_format = card1.a_format();
      t.id = static_cast<int64_t>(random_.next_u64());
      nt.templates.push_back(t);
    }
    // Stored as is, like Anki's add_notetype(.., skip_checks): the extra templates repeat Card 1's
    // front, which the save-time template checks would refuse.
    storage::NotetypeRow row{NotetypeId{}, nt.name, now_.secs(), kLocalUsn, ""};
    nt.id = storage::add_notetype(db_, row, now_);
    nt.mtime = now_.secs();
    nt.usn = kLocalUsn;
    for (uint32_t i = 0; i < nt.fields.size(); ++i) nt.fields[i].ord = i;
    for (uint32_t i = 0; i < nt.templates.size(); ++i) nt.templates[i].ord = i;
    nt.reqs = compute_requirements(nt);
    store_notetype(db_, nt);
    return nt;
  }

  void repair_note(const Notetype& nt, NoteId nid) {
    std::optional<storage::NoteRow> found = storage::get_note(db_, nid);
    if (!found) return;
    storage::NoteRow note = *found;
    std::string raw = storage::raw_note_fields(db_, nid);
    if (repair_utf8(raw)) ++counts_.invalid_utf8;
    note.flds = raw;
    remove_bad_cards(nt, nid);
    std::vector<std::string> fields = split_fields(note.flds);
    std::string tags = note.tags;
    if (fields.size() != nt.fields.size()) {
      fix_field_count(fields, nt.fields.size());
      tags += " db-check";
      ++counts_.field_count_mismatch;
    }
    for (std::string& f : fields) f = normalized_field(f, normalize_);
    note.flds = join_fields(fields);
    note.tags = canonical_tags(tags);
    note.sfld = nt.sort_field_idx < fields.size() ? stripped_field_text(fields[nt.sort_field_idx]) : "";
    note.csum = stripped_text_checksum(stripped_field_text(fields[0]));
    if (note.mtime > now_.secs()) note.mtime = now_.secs();
    note.mid = nt.id;
    storage::put_note(db_, note);
  }

  // Duplicate ordinals (the later card goes) and, for normal notetypes, cards without a template.
  void remove_bad_cards(const Notetype& nt, NoteId nid) {
    std::set<uint32_t> seen;
    for (const auto& [cid, ord] : storage::card_ords_of_note(db_, nid)) {
      if (!seen.insert(ord).second) {
        storage::remove_card(db_, cid);
        ++counts_.card_ords_duplicated;
      } else if (!nt.is_cloze() && ord >= nt.templates.size()) {
        storage::remove_card(db_, cid);
        ++counts_.templates_missing;
      }
    }
  }

  // §8.7: split on spaces and U+3000, normalise, re-use registered spellings (registering new
  // tags), drop case-insensitive duplicates, sort in unicase order.
  std::string canonical_tags(const std::string& tags) {
    std::string spaced = tags;
    for (std::size_t at; (at = spaced.find("\xe3\x80\x80")) != std::string::npos;) spaced.replace(at, 3, " ");
    std::vector<std::string> out;
    std::set<std::string> folded_seen;
    std::size_t start = 0;
    while (start <= spaced.size()) {
      std::size_t end = spaced.find(' ', start);
      if (end == std::string::npos) end = spaced.size();
      if (end > start) {
        std::string tag = normalized_tag(std::string_view(spaced).substr(start, end - start));
        std::string folded = storage::unicase_fold(tag);
        auto reg = registered_.find(folded);
        if (reg == registered_.end()) {
          storage::put_tag(db_, storage::TagRow{tag, kLocalUsn, true});
          reg = registered_.emplace(folded, tag).first;
        }
        if (folded_seen.insert(folded).second) out.push_back(reg->second);
      }
      start = end + 1;
    }
    std::sort(out.begin(), out.end(),
              [](const std::string& a, const std::string& b) { return storage::unicase_compare(a, b) < 0; });
    if (out.empty()) return "";
    std::string joined = " ";
    for (const std::string& t : out) joined += t + " ";
    return joined;
  }

  // Every deck's parent exists (only the immediate parent is counted, as in Anki).
  void add_missing_parent_decks() {
    std::set<std::string> names;
    for (const auto& row : storage::all_decks(db_)) {
      names.insert(storage::unicase_fold(row.name));
      std::optional<std::string> parent = immediate_parent_name(row.name);
      if (!parent || names.count(storage::unicase_fold(*parent))) continue;
      ensure_deck(db_, human_deck_name(*parent), now_);
      names.insert(storage::unicase_fold(*parent));
      ++counts_.decks_missing;
    }
  }

  void update_next_position() {
    std::string pos = std::to_string(storage::next_new_position(db_));
    if (storage::get_config_json(db_, "nextPos") != pos)
      storage::set_config_json(db_, "nextPos", pos, kLocalUsn, now_.secs());
  }

  void fix_future_ids() {
    int64_t cutoff = now_.v + kDayMs;
    counts_.invalid_ids = static_cast<int>(storage::count_ids_above(db_, cutoff));
    if (counts_.invalid_ids == 0) return;
    storage::renumber_ids_above(db_, cutoff, now_.v);
    tx_.mark_schema_changed();
  }

  storage::Db& db_;
  TimestampMillis now_;
  Random& random_;
  storage::WriteTransaction& tx_;
  RepairCounts counts_;
  bool normalize_ = true;
  std::unordered_map<std::string, std::string> registered_;  // folded tag -> spelling in the table
};

}  // namespace

bool collection_is_sound(storage::Db& db) { return storage::quick_check_ok(db); }

void optimize_collection(storage::Db& db) { storage::optimize(db); }

RepairCounts repair_collection(storage::Db& db, TimestampMillis now, Random& random) {
  storage::WriteTransaction tx(db, now);
  RepairCounts counts = Repairer(db, now, random, tx).run();
  tx.mark_changed();
  tx.commit();
  return counts;
}

}  // namespace ankc::native::dbcheck
