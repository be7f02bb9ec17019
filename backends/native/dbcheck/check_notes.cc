// One streaming pass over the notes (with their card ordinals): invariants 13 (field content),
// 14 (sfld/csum), 16 (tags) and 19 (card ordinals in range; no card generation would still add).
#include <unordered_map>
#include <utf8proc.h>

#include "backends/native/dbcheck/checker.h"
#include "backends/native/dbcheck/field_text.h"
#include "backends/native/dbcheck/names.h"
#include "backends/native/decks/nfc.h"
#include "backends/native/rendering/cardgen.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/dbcheck/dbcheck_queries.h"
#include "backends/native/storage/tags/tags.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native::dbcheck {
namespace {

constexpr uint16_t kMaxClozeOrd = 499;

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

bool has_forbidden_control(std::string_view s) {
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return true;
  }
  return false;
}

// Could SQLite's INTEGER affinity turn this text into a number? (Cheap pre-filter for the probe.)
bool may_look_numeric(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '+' ||
          c == '-' || c == '.' || c == 'e' || c == 'E'))
      return false;
  return !s.empty();
}

class NoteChecks {
 public:
  NoteChecks(Checker& c, const Notetypes& nts) : c_(c), nts_(nts) {
    std::optional<std::string> norm = storage::get_config_json(c.db(), "normalize_note_text");
    normalize_ = !(norm && *norm == "false");
    for (const auto& t : storage::all_tags(c.db())) registered_.emplace(storage::unicase_fold(t.name), t.name);
  }

  void check(const storage::NoteCheckRow& row) {
    auto nt = nts_.find(row.mid.v);
    if (nt == nts_.end()) return;  // invariant 12
    who_ = "note " + std::to_string(row.id.v);
    rendering::Note note;
    note.fields = split(row.flds, '\x1f');
    check_content(note.fields);
    check_sort_and_checksum(nt->second.nt, note.fields, row);
    note.tags = check_tags(row.tags);
    check_cards(nt->second, note, row.card_ords);
  }

 private:
  void check_content(const std::vector<std::string>& fields) {
    for (const std::string& f : fields) {
      if (!valid_utf8(f)) {
        c_.limited("13 utf8", 13, false, who_ + " has a field that is not valid UTF-8");
        return;
      }
      if (has_forbidden_control(f)) c_.limited("13 control", 13, false, who_ + " has control characters in a field");
      if (normalize_ && !is_nfc(f)) c_.limited("13 nfc", 13, false, who_ + " has a field not in NFC");
    }
  }

  void check_sort_and_checksum(const Notetype& nt, const std::vector<std::string>& fields,
                               const storage::NoteCheckRow& row) {
    uint32_t csum = stripped_text_checksum(stripped_field_text(fields[0]));
    if (row.csum != static_cast<int64_t>(csum))
      c_.limited("14 csum", 14, true, who_ + " csum " + std::to_string(row.csum) + " != " + std::to_string(csum));
    std::string sfld = nt.sort_field_idx < fields.size() ? stripped_field_text(fields[nt.sort_field_idx]) : "";
    if (row.sfld == sfld) return;
    if (may_look_numeric(sfld) && row.sfld == storage::text_after_integer_affinity(c_.db(), sfld)) return;
    c_.limited("14 sfld", 14, false, who_ + " sfld differs from its sort field's text");
  }

  // Returns the tags as split; reports format, normalisation, order, duplicates, registration.
  std::vector<std::string> check_tags(const std::string& tags) {
    if (tags.empty()) return {};
    std::vector<std::string> list;
    if (tags.size() < 3 || tags.front() != ' ' || tags.back() != ' ' || tags.find("  ") != std::string::npos) {
      c_.limited("16 format", 16, false, who_ + " tags not in \" t1 t2 \" form: \"" + tags + "\"");
      for (std::string& t : split(tags, ' '))
        if (!t.empty()) list.push_back(std::move(t));
      return list;
    }
    list = split(std::string_view(tags).substr(1, tags.size() - 2), ' ');
    std::unordered_map<std::string, int> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string& t = list[i];
      if (normalized_tag(t) != t) c_.limited("16 normal", 16, false, who_ + " tag not normalised: \"" + t + "\"");
      std::string folded = storage::unicase_fold(t);
      if (!seen.emplace(folded, 0).second) c_.limited("16 dup", 16, false, who_ + " duplicate tag \"" + t + "\"");
      if (i > 0 && storage::unicase_compare(list[i - 1], t) > 0)
        c_.limited("16 order", 16, false, who_ + " tags not sorted: \"" + tags + "\"");
      auto reg = registered_.find(folded);
      if (reg == registered_.end())
        c_.limited("16 unregistered", 16, false, who_ + " tag \"" + t + "\" has no row in tags");
      else if (reg->second != t)
        c_.limited("16 spelling", 16, false, who_ + " tag \"" + t + "\" is registered as \"" + reg->second + "\"");
    }
    return list;
  }

  void check_cards(const LoadedNotetype& nt, const rendering::Note& note, const std::string& ords_text) {
    std::vector<uint16_t> existing;
    for (const std::string& o : split(ords_text, ',')) {
      if (o.empty()) continue;
      long ord = std::strtol(o.c_str(), nullptr, 10);
      bool cloze = nt.nt.is_cloze();
      if (!cloze && ord >= static_cast<long>(nt.nt.templates.size()))
        c_.limited("19 template", 19, true, who_ + " has a card with ord " + o + " but no such template");
      if (cloze && (ord < 0 || ord > kMaxClozeOrd))
        c_.limited("19 cloze", 19, true, who_ + " has a cloze card with ord " + o);
      if (ord >= 0 && ord <= 65535) existing.push_back(static_cast<uint16_t>(ord));
    }
    if (existing.empty()) return;  // invariant 18
    std::vector<uint16_t> missing = rendering::new_card_ords(nt.view, note, existing, false);
    if (missing.empty()) return;
    std::string list;
    for (uint16_t m : missing) list += (list.empty() ? "" : ",") + std::to_string(m);
    c_.limited("19 missing", 19, false, who_ + " lacks the cards Anki would generate for ords " + list);
  }

  Checker& c_;
  const Notetypes& nts_;
  bool normalize_ = true;
  std::unordered_map<std::string, std::string> registered_;  // folded name -> stored spelling
  std::string who_;
};

}  // namespace

void check_notes(Checker& c, const Notetypes& nts) {
  NoteChecks checks(c, nts);
  storage::NoteCheckScan scan(c.db());
  storage::NoteCheckRow row;
  while (scan.next(row)) checks.check(row);
}

}  // namespace ankc::native::dbcheck
