#include "backends/native/notetypes/note_updates.h"

#include <string>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/decks/nfc.h"
#include "backends/native/search/text.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/notes/notes.h"

namespace ankc::native {

namespace {

std::vector<std::string> split_fields(const std::string& flds) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = flds.find('\x1f', start);
    if (pos == std::string::npos) {
      out.push_back(flds.substr(start));
      return out;
    }
    out.push_back(flds.substr(start, pos - start));
    start = pos + 1;
  }
}

// Control characters other than TAB and LF removed; NFC unless normalize_note_text is false.
std::string normalize_field(const std::string& field, bool normalize) {
  std::string out;
  for (char c : field) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f) continue;
    out.push_back(c);
  }
  return normalize ? to_nfc(out) : out;
}

bool normalize_text_enabled(storage::Db& db) {
  auto json = storage::get_config_json(db, "normalize_note_text");
  return !(json && *json == "false");
}

// Note::prepare_for_update + set_modified, then the row is written.
void store_note(storage::Db& db, storage::NoteRow& row, std::vector<std::string> fields, const Notetype& nt,
                bool normalize, TimestampMillis now) {
  std::size_t expected = std::max<std::size_t>(nt.fields.size(), 1);
  if (fields.size() != expected)
    throw ActionError("note has " + std::to_string(fields.size()) + " fields, expected " + std::to_string(expected));
  std::string flds;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    fields[i] = normalize_field(fields[i], normalize);
    if (i) flds += '\x1f';
    flds += fields[i];
  }
  std::string first = search::strip_html_preserving_media(fields[0]);
  row.csum = search::field_checksum(first);
  if (nt.sort_field_idx == 0)
    row.sfld = std::move(first);
  else
    row.sfld = nt.sort_field_idx < fields.size() ? search::strip_html_preserving_media(fields[nt.sort_field_idx]) : "";
  row.flds = std::move(flds);
  row.mtime = now.secs();
  row.usn = kLocalUsn;
  storage::put_note(db, row);
}

}  // namespace

bool update_notes_for_changed_fields(storage::Db& db, const Notetype& nt, std::size_t previous_field_count,
                                     uint32_t previous_sort_idx, TimestampMillis now) {
  bool ords_changed = nt.fields.size() != previous_field_count;
  for (uint32_t i = 0; i < nt.fields.size(); ++i) ords_changed = ords_changed || nt.fields[i].ord != i;
  if (!ords_changed && nt.sort_field_idx == previous_sort_idx) return false;
  bool normalize = normalize_text_enabled(db);
  for (NoteId nid : storage::note_ids_of_notetype(db, nt.id)) {
    auto row = storage::get_note(db, nid);
    if (!row) continue;
    std::vector<std::string> old = split_fields(row->flds);
    std::vector<std::string> fields;
    if (ords_changed) {
      for (const auto& f : nt.fields) fields.push_back(f.ord && *f.ord < old.size() ? old[*f.ord] : std::string());
    } else {
      fields = std::move(old);
    }
    store_note(db, *row, std::move(fields), nt, normalize, now);
  }
  return true;
}

}  // namespace ankc::native
