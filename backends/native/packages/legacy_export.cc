#include "backends/native/packages/legacy_export.h"

#include <boost/json/object.hpp>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

#include "backends/action_error.h"
#include "backends/native/collection/collection.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/nfc.h"
#include "backends/native/notes/note_ops.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/packages/downgrade.h"
#include "backends/native/packages/media_refs.h"
#include "backends/native/packages/temp_dir.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/session.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/packages/raw_rows.h"
#include "backends/native/storage/transaction.h"
#include "compat/pyjson.h"

namespace ankc::native {
namespace fs = std::filesystem;
using storage::SqlRow;

namespace {

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// tags.rem_from_str("marked leech", tags): case-insensitive removal, " a b " form.
std::string remove_system_tags(const std::string& tags) {
  std::string out;
  size_t pos = 0;
  while (pos < tags.size()) {
    size_t end = tags.find(' ', pos);
    if (end == std::string::npos) end = tags.size();
    std::string tag = tags.substr(pos, end - pos);
    std::string low = lower_ascii(tag);
    if (!tag.empty() && low != "marked" && low != "leech") out += " " + tag;
    pos = end + 1;
  }
  return out.empty() ? "" : out + " ";
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

std::string human_name(const std::string& native) { return replace_all(native, "\x1f", "::"); }

// The card reset of sched.reset_cards: counts cleared for all, non-new cards become new cards at
// the next positions.
void reset_cards(storage::Db& db, const std::vector<int64_t>& cids, TimestampMillis now) {
  std::vector<int64_t> non_new = storage::non_new_card_ids(db, cids);
  storage::reset_card_counts(db, cids);
  int64_t position = 0;
  if (auto json = storage::get_config_json(db, "nextPos")) position = std::atoll(json->c_str());
  for (int64_t cid : non_new) storage::schedule_card_as_new(db, cid, position++, now.secs());
  if (!non_new.empty()) storage::set_config_json(db, "nextPos", std::to_string(position), kLocalUsn, now.secs());
}

// Copies the decks (and their presets when scheduling is included) into the temporary collection.
void copy_decks(storage::Db& src, storage::Db& dst, const std::set<int64_t>& dids, bool include_sched,
                TimestampMillis now) {
  std::set<int64_t> presets;
  for (Deck d : list_decks(src)) {
    if (d.id.v == 1 || !dids.count(d.id.v)) continue;
    if (NormalDeck* normal = d.normal()) {
      if (normal->config_id != 1 && include_sched) presets.insert(normal->config_id);
      if (!include_sched) {
        normal->config_id = 1;
        normal->review_limit = normal->new_limit = std::nullopt;
        normal->review_limit_today = normal->new_limit_today = std::nullopt;
      }
    }
    std::string name = human_name(d.name);
    if (size_t cut = name.rfind("::"); cut != std::string::npos) ensure_deck(dst, name.substr(0, cut), now);
    storage::put_deck(dst, deck_to_row(d));
  }
  for (int64_t id : presets) {
    if (auto row = storage::get_deck_config(src, DeckConfigId{id})) storage::put_deck_config(dst, *row);
  }
}

bool notetype_mentions(const Notetype& nt, const std::string& fname) {
  if (nt.css.find(fname) != std::string::npos) return true;
  for (const auto& t : nt.templates)
    if (t.q_format.find(fname) != std::string::npos || t.a_format.find(fname) != std::string::npos) return true;
  return false;
}

// Files referenced by the notes (top-level names only), then "_" files the note types mention.
std::vector<std::string> media_to_export(const std::vector<SqlRow>& notes, const std::vector<Notetype>& notetypes,
                                         const fs::path& media_dir) {
  std::vector<std::string> files;
  std::set<std::string> seen;
  auto add = [&](const std::string& f) {
    if (seen.insert(f).second) files.push_back(f);
  };
  for (const SqlRow& note : notes)
    for (const std::string& f : packages::referenced_files(note[storage::kNoteFlds].s))
      if (f.find('/') == std::string::npos) add(f);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(media_dir, ec)) {
    std::string fname = entry.path().filename().string();
    if (entry.is_directory(ec) || fname.rfind("_", 0) != 0) continue;
    for (const Notetype& nt : notetypes)
      if (notetype_mentions(nt, fname)) {
        add(fname);
        break;
      }
  }
  return files;
}

// Builds the schema-11 collection file at colfile; returns the media files to include.
std::vector<std::string> build_collection(Session& session, const std::set<int64_t>& dids, const fs::path& colfile,
                                          bool include_sched) {
  storage::Db& src = session.db();
  TimestampMillis now = session.clock().now();
  std::error_code ec;
  fs::remove(colfile, ec);
  auto tmp = Collection::open(colfile, session.clock(), session.random());
  storage::Db& dst = tmp->db();
  std::vector<std::string> files;
  {
    storage::WriteTransaction tx(dst, now);
    std::vector<SqlRow> cards = storage::card_rows_in_decks(src, {dids.begin(), dids.end()});
    std::vector<int64_t> cids, nids;
    std::set<int64_t> seen_nids;
    for (SqlRow& card : cards) {
      card[storage::kCardFlags] = storage::SqlValue::integer(0);
      cids.push_back(card[storage::kCardId].i);
      if (seen_nids.insert(card[storage::kCardNid].i).second) nids.push_back(card[storage::kCardNid].i);
      storage::insert_card_row_or_ignore(dst, card);
    }
    std::vector<SqlRow> notes = storage::note_rows_with_ids(src, nids);
    std::set<int64_t> mids;
    for (SqlRow& note : notes) {
      if (!include_sched) note[storage::kNoteTags].s = remove_system_tags(note[storage::kNoteTags].s);
      mids.insert(note[storage::kNoteMid].i);
      storage::put_note_row(dst, note);
    }
    if (include_sched) {
      for (const SqlRow& rev : storage::revlog_rows_of_cards(src, cids)) storage::insert_revlog_row_or_ignore(dst, rev);
    } else {
      reset_cards(dst, cids, now);
    }
    storage::remove_all_notetypes(dst);
    std::vector<Notetype> notetypes;
    for (int64_t mid : mids) {
      if (auto nt = load_notetype(src, NotetypeId{mid})) {
        store_notetype(dst, *nt);
        notetypes.push_back(std::move(*nt));
      }
    }
    copy_decks(src, dst, dids, include_sched, now);
    storage::set_col_creation(dst, storage::get_col(src).crt);
    files = media_to_export(notes, notetypes, session.media_folder());
    tx.mark_schema_changed();
    tx.commit();
  }
  downgrade_to_schema11(dst);
  tmp->close();
  return files;
}

// Anki's exporter deflates SVG media (text) and stores the rest, by a case-insensitive `\.svg$` search;
// a plain suffix compare here, as the name is user data.
bool has_svg_suffix(std::string_view name) {
  if (name.size() < 4) return false;
  std::string_view tail = name.substr(name.size() - 4);
  for (size_t i = 0; i < 4; ++i)
    if (std::tolower(static_cast<unsigned char>(tail[i])) != ".svg"[i]) return false;
  return true;
}

}  // namespace

std::string legacy_dummy_collection(Session& session) {
  packages::TempDir temp;
  fs::path file = temp.path() / "dummy.anki2";
  {
    auto col = Collection::open(file, session.clock(), session.random());
    storage::Db& db = col->db();
    TimestampMillis now = session.clock().now();
    auto basic = load_notetype_by_name(db, "Basic");
    if (!basic) throw ActionError("the dummy collection has no Basic note type");
    storage::WriteTransaction tx(db, now);
    NoteWriter writer(db, now, session.random());
    Note note;
    note.notetype_id = basic->id;
    note.fields = {"This file requires a newer version of Anki.", ""};
    writer.add(note, *basic, DeckId{1});
    tx.mark_changed();
    tx.commit();
    downgrade_to_schema11(db);
    col->close();
  }
  return read_bytes(file);
}

bool export_legacy_package(Session& session, std::string_view deck_name, const fs::path& path, bool include_sched) {
  storage::Db& src = session.db();
  std::optional<Deck> deck = find_deck_by_human_name(src, deck_name);
  if (!deck) return false;
  std::set<int64_t> dids{deck->id.v};
  for (const auto& child : storage::child_decks(src, deck->name)) dids.insert(child.id.v);

  std::string colname = replace_all(path.string(), ".apkg", ".anki2");
  fs::path colfile = colname == path.string() ? fs::path(colname + ".anki2") : fs::path(colname);
  std::vector<std::string> files = build_collection(session, dids, colfile, include_sched);
  std::string collection = read_bytes(colfile);
  std::error_code ec;
  fs::remove(colfile, ec);

  packages::ZipWriter zip(path);
  zip.add("collection.anki2", legacy_dummy_collection(session), true);
  zip.add("collection.anki21", std::move(collection), true);
  boost::json::object map;
  for (size_t c = 0; c < files.size(); ++c) {
    fs::path mpath = session.media_folder() / files[c];
    if (fs::is_directory(mpath, ec) || !fs::exists(mpath, ec)) continue;
    zip.add(std::to_string(c), read_bytes(mpath), has_svg_suffix(files[c]));
    map[std::to_string(c)] = to_nfc(files[c]);
  }
  zip.add("media", pyjson::dumps(map), true);
  zip.close();
  return true;
}

}  // namespace ankc::native
