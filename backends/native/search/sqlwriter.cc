#include "backends/native/search/sqlwriter.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "backends/native/search/rust_regex.h"
#include "backends/native/search/text.h"

namespace ankc::native::search {
namespace {

enum class Table { Notes, Cards, CardsAndNotes, CardsOrNotes };

Table combine(Table a, Table b) {
  if (a == Table::CardsAndNotes || b == Table::CardsAndNotes) return Table::CardsAndNotes;
  if (a == Table::CardsOrNotes) return b;
  if (b == Table::CardsOrNotes) return a;
  return a == b ? a : Table::CardsAndNotes;
}

Table term_table(const SearchTerm& t) {
  switch (t.kind) {
    case TermKind::AddedInDays:
    case TermKind::IntroducedInDays:
    case TermKind::Deck:
    case TermKind::DeckIds:
    case TermKind::Rated:
    case TermKind::State:
    case TermKind::Flag:
    case TermKind::CardIds:
    case TermKind::Property:
    case TermKind::CustomData:
    case TermKind::Preset:
      return Table::Cards;
    case TermKind::UnqualifiedText:
    case TermKind::SingleField:
    case TermKind::Tag:
    case TermKind::Duplicates:
    case TermKind::Regex:
    case TermKind::NoCombining:
    case TermKind::StripClozes:
    case TermKind::WordBoundary:
    case TermKind::NotetypeId:
    case TermKind::Notetype:
    case TermKind::EditedInDays:
      return Table::Notes;
    case TermKind::NoteIds:
    case TermKind::WholeCollection:
      return Table::CardsOrNotes;
    case TermKind::TemplateOrdinal:
    case TermKind::TemplateName:
      return Table::CardsAndNotes;
  }
  return Table::CardsOrNotes;
}

Table node_table(const Node& n) {
  switch (n.kind) {
    case Node::Kind::And:
    case Node::Kind::Or:
      return Table::CardsOrNotes;
    case Node::Kind::Search:
      return term_table(n.term);
    case Node::Kind::Not:
    case Node::Kind::Group: {
      Table t = Table::CardsOrNotes;
      for (const Node& c : n.children) t = combine(t, node_table(c));
      return t;
    }
  }
  return Table::CardsOrNotes;
}

// Anki's ids_to_string: "(" + ids[1..] + "," + ids[0] + ")" (order is irrelevant to SQLite).
std::string ids_to_string(const std::vector<int64_t>& ids) {
  std::string out = "(";
  if (!ids.empty()) {
    for (size_t i = 1; i < ids.size(); ++i) out += std::to_string(ids[i]) + ",";
    out += std::to_string(ids[0]);
  }
  return out + ")";
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

struct Range {
  uint32_t start, end;  // [start, end)
};

std::vector<Range> collect_ranges(const std::vector<uint32_t>& ords, bool join_adjacent) {
  std::vector<Range> out;
  for (uint32_t o : ords) {
    if (join_adjacent && !out.empty() && out.back().end == o) out.back().end = o + 1;
    else out.push_back({o, o + 1});
  }
  return out;
}

// n.flds like pattern with one slot per field: the range start gets the parameter, the rest of
// the range is omitted, every other field is '%'.
std::string like_pattern(size_t total_fields, const Range& r, size_t arg) {
  std::string slot = "' || ?" + std::to_string(arg) + " || '";
  std::vector<std::string> parts;
  for (uint32_t i = 0; i < total_fields; ++i) {
    if (i == r.start) parts.push_back(slot);
    else if (i > r.start && i < r.end) continue;
    else parts.push_back("%");
  }
  return join(parts, "\x1f");
}

class Writer {
 public:
  Writer(SearchContext& ctx, Table table) : ctx_(ctx), table_(table) {
    normalize_ = ctx.normalize_note_text();
  }

  void write(const Node& n) {
    switch (n.kind) {
      case Node::Kind::And: sql_ += " and "; break;
      case Node::Kind::Or: sql_ += " or "; break;
      case Node::Kind::Not:
        sql_ += "not ";
        write(n.children.front());
        break;
      case Node::Kind::Group:
        sql_ += "(";
        for (const Node& c : n.children) write(c);
        sql_ += ")";
        break;
      case Node::Kind::Search:
        write_term(n.term);
        break;
    }
  }

  std::string sql_;
  std::vector<std::string> args_;

 private:
  size_t push(std::string arg) {
    args_.push_back(std::move(arg));
    return args_.size();
  }
  std::string norm_note(const std::string& t) const { return normalize_ ? nfc(t) : t; }
  std::string note_id_column() const { return table_ == Table::Cards ? "c.nid" : "n.id"; }

  void write_term(const SearchTerm& t) {
    switch (t.kind) {
      case TermKind::UnqualifiedText:
        write_unqualified(norm_note(t.text), ctx_.ignore_accents_in_search(), false);
        break;
      case TermKind::SingleField:
        write_field(nfc(t.field), norm_note(t.text), t.mode);
        break;
      case TermKind::Duplicates: write_dupe(t.number, norm_note(t.text)); break;
      case TermKind::Regex: write_regex(norm_note(t.text), false); break;
      case TermKind::NoCombining: write_unqualified(norm_note(t.text), true, false); break;
      case TermKind::StripClozes:
        write_unqualified(norm_note(t.text), ctx_.ignore_accents_in_search(), true);
        break;
      case TermKind::WordBoundary:
        write_regex("\\b" + to_re(norm_note(t.text)) + "\\b", ctx_.ignore_accents_in_search());
        break;
      case TermKind::AddedInDays:
        // unlikely(): without it SQLite's planner guesses a quarter of the cards match, scans every
        // note and probes its cards (~35 ms on 100k notes even when nothing was added); with it, the
        // cards' id range drives the join (0.1 ms for a day's notes; 1.25x slower only when the range
        // takes in the whole collection). The result is the same either way.
        sql_ += "unlikely(c.id > " + std::to_string(cutoff_secs(t.number) * 1000) + ")";
        break;
      case TermKind::EditedInDays: sql_ += "n.mod > " + std::to_string(cutoff_secs(t.number)); break;
      case TermKind::IntroducedInDays: {
        std::string c = std::to_string(cutoff_secs(t.number) * 1000);
        sql_ += "((SELECT coalesce(min(id) > " + c +
                ", false) FROM revlog WHERE cid = c.id AND ease != 0) AND c.id IN (SELECT cid "
                "FROM revlog WHERE id > " + c + "))";
        break;
      }
      case TermKind::TemplateOrdinal: sql_ += "c.ord = " + std::to_string(t.number); break;
      case TermKind::TemplateName: write_template_name(nfc(t.text)); break;
      case TermKind::Deck: write_deck(nfc(t.text)); break;
      case TermKind::NotetypeId: sql_ += "n.mid = " + std::to_string(t.number); break;
      case TermKind::DeckIds:
        sql_ += "c.did in (" + t.text + ") or (c.odid != 0 and c.odid in (" + t.text + "))";
        break;
      case TermKind::Notetype: write_notetype(nfc(t.text)); break;
      case TermKind::Rated: write_rated(">", -t.number, t.rating, t.button); break;
      case TermKind::Tag: write_tag(nfc(t.text), t.mode); break;
      case TermKind::State: write_state(t.text); break;
      case TermKind::Flag: sql_ += "(c.flags & 7) == " + std::to_string(t.number); break;
      case TermKind::NoteIds: sql_ += note_id_column() + " in (" + t.text + ")"; break;
      case TermKind::CardIds: sql_ += "c.id in (" + t.text + ")"; break;
      case TermKind::Property: write_prop(t.prop); break;
      case TermKind::CustomData:
        sql_ += "extract_custom_data(c.data, ?" + std::to_string(push(t.text)) + ") is not null";
        break;
      case TermKind::WholeCollection: sql_ += "true"; break;
      case TermKind::Preset: write_preset(t.text); break;
    }
  }

  int64_t cutoff_secs(int64_t days_back) { return ctx_.timing().next_day_at - 86400 * days_back; }

  // One (ntid, total fields, sort field excluded, ranges) entry per notetype with a searchable
  // field, or nullopt when no field of any notetype is excluded from search.
  struct Included {
    int64_t ntid;
    size_t total;
    bool sortf_excluded;
    std::vector<Range> ranges;
  };
  std::optional<std::vector<Included>> included_fields() {
    bool any_excluded = false;
    std::vector<Included> out;
    for (const NotetypeInfo& nt : ctx_.notetypes()) {
      bool sortf_excluded = false;
      std::vector<uint32_t> ords;
      for (const FieldInfo& f : nt.fields) {
        if (f.exclude_from_search) {
          any_excluded = true;
          sortf_excluded |= f.ord == nt.sort_field;
        } else {
          ords.push_back(f.ord);
        }
      }
      auto ranges = collect_ranges(ords, true);
      if (!ranges.empty()) out.push_back({nt.id, nt.fields.size(), sortf_excluded, ranges});
    }
    if (!any_excluded) return std::nullopt;
    return out;
  }

  void write_unqualified(const std::string& text, bool no_combining, bool strip) {
    std::string like = to_sql_like(text);
    if (no_combining) like = without_combining(like);
    size_t n = push("%" + like + "%");
    std::string arg = "?" + std::to_string(n);
    int bits = (no_combining ? 1 : 0) | (strip ? 2 : 0);
    std::string sfld = "n.sfld", flds = "n.flds";
    if (bits) {
      sfld = "coalesce(process_text(cast(n.sfld as text), " + std::to_string(bits) + "), n.sfld)";
      flds = "coalesce(process_text(n.flds, " + std::to_string(bits) + "), n.flds)";
    }
    if (strip) {
      std::vector<std::string> mids;
      for (const NotetypeInfo& nt : ctx_.notetypes())
        if (nt.is_cloze) mids.push_back("n.mid = " + std::to_string(nt.id));
      sql_ += "(" + join(mids, " or ") + ") and ";
    }
    if (auto included = included_fields()) {
      std::vector<std::string> nt_clauses;
      for (const Included& inc : *included) {
        std::vector<std::string> clauses;
        for (const Range& r : inc.ranges)
          clauses.push_back(flds + " like '" + like_pattern(inc.total, r, n) + "' escape '\\'");
        if (!inc.sortf_excluded) clauses.push_back(sfld + " like " + arg + " escape '\\'");
        nt_clauses.push_back("(n.mid = " + std::to_string(inc.ntid) + " and (" +
                             join(clauses, " or ") + "))");
      }
      sql_ += "(" + join(nt_clauses, " or ") + ")";
    } else {
      sql_ += "(" + sfld + " like " + arg + " escape '\\' or " + flds + " like " + arg +
              " escape '\\')";
    }
  }

  void write_regex(const std::string& word, bool no_combining) {
    std::string flds = no_combining ? "coalesce(process_text(n.flds, 1), n.flds)" : "n.flds";
    size_t n = push("(?i)" + (no_combining ? without_combining(word) : word));
    std::string arg = "?" + std::to_string(n);
    bool any_excluded = false;
    for (const NotetypeInfo& nt : ctx_.notetypes())
      for (const FieldInfo& f : nt.fields) any_excluded |= f.exclude_from_search;
    if (!any_excluded) {
      sql_ += flds + " regexp " + arg;
      return;
    }
    std::vector<std::string> clauses;
    for (const NotetypeInfo& nt : ctx_.notetypes()) {
      std::vector<std::string> idx;
      for (const FieldInfo& f : nt.fields)
        if (!f.exclude_from_search) idx.push_back(std::to_string(f.ord));
      std::string clause = idx.size() == nt.fields.size()
                               ? flds + " regexp " + arg
                               : "regexp_fields(" + arg + ", " + flds + ", " + join(idx, ",") + ")";
      clauses.push_back("(n.mid = " + std::to_string(nt.id) + " and " + clause + ")");
    }
    sql_ += "(" + join(clauses, " or ") + ")";
  }

  // Notetypes (ascending id) with the ords of fields whose name matches `name`.
  std::vector<std::pair<const NotetypeInfo*, std::vector<uint32_t>>> matching_fields(
      const std::string& name) {
    std::optional<RustRegex> glob;
    std::string plain;
    if (is_glob(name)) glob.emplace("^(?i)" + to_re(name) + "$");
    else plain = to_text(name);
    std::vector<std::pair<const NotetypeInfo*, std::vector<uint32_t>>> out;
    for (const NotetypeInfo& nt : ctx_.notetypes()) {
      std::vector<uint32_t> ords;
      for (const FieldInfo& f : nt.fields) {
        bool hit = glob ? glob->is_match(f.name) : unicase_equal(f.name, plain);
        if (hit) ords.push_back(f.ord);
      }
      if (!ords.empty()) out.emplace_back(&nt, std::move(ords));
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
    return out;
  }

  void write_field(const std::string& name, const std::string& val, FieldMode mode) {
    if (name == "*" || name == "_*" || name == "*_") {
      std::string re = mode == FieldMode::Regex ? "(?i)" + val : "(?is)^" + to_re(val) + "$";
      sql_ += "regexp_fields(?" + std::to_string(push(re)) + ", n.flds)";
      return;
    }
    auto matches = matching_fields(name);
    if (matches.empty()) {
      sql_ += "false";
      return;
    }
    std::vector<std::string> nt_clauses;
    if (mode == FieldMode::Regex) {
      size_t n = push("(?i)" + val);
      for (const auto& [nt, ords] : matches) {
        std::vector<std::string> idx;
        for (uint32_t o : ords) idx.push_back(std::to_string(o));
        nt_clauses.push_back("(n.mid = " + std::to_string(nt->id) + " and regexp_fields(?" +
                             std::to_string(n) + ", n.flds, " + join(idx, ", ") + "))");
      }
    } else {
      bool nonempty_test = val == "*" || val == "_*" || val == "*_";
      std::string like = to_sql_like(val);
      std::string column = "n.flds";
      if (mode == FieldMode::NoCombining) {
        like = without_combining(like);
        column = "coalesce(process_text(n.flds, 1), n.flds)";
      }
      size_t n = push(like);
      for (const auto& [nt, ords] : matches) {
        std::vector<std::string> clauses;
        for (const Range& r : collect_ranges(ords, !nonempty_test))
          clauses.push_back(column + " like '" + like_pattern(nt->fields.size(), r, n) +
                            "' escape '\\'");
        nt_clauses.push_back("(n.mid = " + std::to_string(nt->id) + " and (" +
                             join(clauses, " or ") + "))");
      }
    }
    sql_ += "(" + join(nt_clauses, " or ") + ")";
  }

  void write_dupe(int64_t ntid, const std::string& text) {
    std::string stripped = strip_html_preserving_media(text);
    std::vector<int64_t> nids;
    for (const auto& [nid, field] : ctx_.notes_by_checksum(ntid, field_checksum(stripped)))
      if (strip_html_preserving_media(field) == stripped) nids.push_back(nid);
    sql_ += "n.id in " + ids_to_string(nids);
  }

  void write_template_name(const std::string& name) {
    if (is_glob(name)) {
      size_t n = push("(?i)^" + to_re(name) + "$");
      sql_ += "(n.mid,c.ord) in (select ntid,ord from templates where name regexp ?" +
              std::to_string(n) + ")";
    } else {
      size_t n = push(to_text(name));
      sql_ += "(n.mid,c.ord) in (select ntid,ord from templates where name = ?" +
              std::to_string(n) + ")";
    }
  }

  void write_notetype(const std::string& name) {
    if (is_glob(name)) {
      size_t n = push("(?i)^" + to_re(name) + "$");
      sql_ += "n.mid in (select id from notetypes where name regexp ?" + std::to_string(n) + ")";
    } else {
      size_t n = push(to_text(name));
      sql_ += "n.mid in (select id from notetypes where name = ?" + std::to_string(n) + ")";
    }
  }

  void write_deck(const std::string& deck) {
    if (deck == "*") {
      sql_ += "true";
      return;
    }
    if (deck == "filtered") {
      sql_ += "c.odid != 0";
      return;
    }
    std::string native = deck == "current"
                             ? regex_escape(ctx_.current_deck_name().value_or("Default"))
                             : native_deck_name(to_re(deck));
    std::string n = std::to_string(push("(?i)^" + native + "($|\x1f)"));
    sql_ += "(c.did in (select id from decks where name regexp ?" + n +
            ") or (c.odid != 0 and c.odid in (select id from decks where name regexp ?" + n +
            ")))";
  }

  void write_preset(const std::string& name) {
    auto id = ctx_.preset_id(name);
    if (!id) {
      sql_ += "false";
      return;
    }
    std::string ids = ids_to_string(ctx_.decks_using_preset(*id));
    sql_ += "(c.did in " + ids + " or c.odid in " + ids + ")";
  }

  void write_tag(const std::string& tag, FieldMode mode) {
    if (mode == FieldMode::Regex) {
      sql_ += "regexp_tags(?" + std::to_string(push("(?i)" + tag)) + ", n.tags)";
      return;
    }
    if (tag == "none") {
      sql_ += "n.tags = ''";
    } else if (tag == "*") {
      sql_ += "true";
    } else if (tag.find(' ') != std::string::npos) {
      sql_ += "false";
    } else {
      std::string text = tag;
      if (mode == FieldMode::Normal) {
        sql_ += "n.tags regexp ?";
      } else {
        sql_ += "coalesce(process_text(n.tags, 1), n.tags) regexp ?";
        text = without_combining(text);
      }
      sql_ += std::to_string(push("(?i).* " + to_custom_re(text, "\\S") + "(::| ).*"));
    }
  }

  void write_rated(const std::string& op, int64_t days, Rating rating, int button) {
    int64_t next = ctx_.timing().next_day_at;
    int64_t target = (next + 86400 * days) * 1000;
    int64_t day_before = (next + 86400 * (days - 1)) * 1000;
    sql_ += "c.id in (select cid from revlog where id";
    if (op == ">") sql_ += " >= " + std::to_string(target);
    else if (op == ">=") sql_ += " >= " + std::to_string(day_before);
    else if (op == "<") sql_ += " < " + std::to_string(day_before);
    else if (op == "<=") sql_ += " < " + std::to_string(target);
    else if (op == "=")
      sql_ += " between " + std::to_string(day_before) + " and " + std::to_string(target - 1);
    else
      sql_ += " not between " + std::to_string(day_before) + " and " + std::to_string(target - 1);
    if (rating == Rating::Button) sql_ += " and ease = " + std::to_string(button) + ")";
    else if (rating == Rating::AnyButton) sql_ += " and ease > 0)";
    else sql_ += " and ease = 0)";
  }

  void write_state(const std::string& s) {
    if (s == "new") sql_ += "c.type = 0";
    else if (s == "review") sql_ += "c.type in (2, 3)";
    else if (s == "learn") sql_ += "c.type in (1, 3)";
    else if (s == "buried") sql_ += "c.queue in (-2,-3)";
    else if (s == "suspended") sql_ += "c.queue = -1";
    else if (s == "buried-manually") sql_ += "c.queue = -3";
    else if (s == "buried-sibling") sql_ += "c.queue = -2";
    else if (s == "due") {
      Timing t = ctx_.timing();
      sql_ += "((c.queue in (2,3) and c.due <= " + std::to_string(t.days_elapsed) +
              ") or (c.queue in (1,4) and c.due <= " +
              std::to_string(t.now + ctx_.learn_ahead_secs()) + "))";
    }
  }

  void write_prop(const Property& p) {
    const std::string& op = p.op;
    switch (p.kind) {
      case PropKind::Due: {
        Timing t = ctx_.timing();
        const char* due = "(case when c.odue != 0 then c.odue else c.due end)";
        sql_ += std::string("((c.queue in (2,3) and ") + due + " " + op + " " +
                std::to_string(static_cast<int32_t>(p.integer + t.days_elapsed)) +
                ") or (c.queue in (1,4) and ((" + due + " - " + std::to_string(t.next_day_at) +
                ") / 86400) " + op + " " + std::to_string(p.integer) + "))";
        break;
      }
      case PropKind::Position:
        sql_ += "(c.type = 0 and (case when c.odue != 0 then c.odue else c.due end) " + op + " " +
                std::to_string(p.integer) + ")";
        break;
      case PropKind::Interval: sql_ += "ivl " + op + " " + std::to_string(p.integer); break;
      case PropKind::Reps: sql_ += "reps " + op + " " + std::to_string(p.integer); break;
      case PropKind::Lapses: sql_ += "lapses " + op + " " + std::to_string(p.integer); break;
      case PropKind::Ease: {
        float f = p.real * 1000.0f;
        uint32_t factor;
        if (std::isnan(f) || f <= 0) factor = 0;
        else if (f >= 4294967295.0f) factor = 4294967295u;
        else factor = static_cast<uint32_t>(f);
        sql_ += "factor " + op + " " + std::to_string(factor);
        break;
      }
      case PropKind::Rated: write_rated(op, p.integer, p.rating, p.button); break;
      case PropKind::Resched: write_rated(op, p.integer, Rating::ManualReschedule, 0); break;
      case PropKind::CustomNumber:
        sql_ += "cast(extract_custom_data(c.data, ?" + std::to_string(push(p.key)) +
                ") as float) " + op + " " + format_f32(p.real);
        break;
      case PropKind::CustomString: {
        size_t k = push(p.key);
        size_t v = push(p.text);
        sql_ += "extract_custom_data(c.data, ?" + std::to_string(k) + ") " + op + " ?" +
                std::to_string(v);
        break;
      }
      case PropKind::Stability:
        sql_ += "extract_fsrs_variable(c.data, 's') " + op + " " + format_f32(p.real);
        break;
      case PropKind::Difficulty: {
        volatile float d = p.real * 9.0f;  // no fused multiply-add: Rust rounds twice
        float scaled = d + 1.0f;
        sql_ += "extract_fsrs_variable(c.data, 'd') " + op + " " + format_f32(scaled);
        break;
      }
      case PropKind::Retrievability: {
        Timing t = ctx_.timing();
        sql_ += "case when c.type = 0 then false else (extract_fsrs_retrievability(c.data, case "
                "when c.odue !=0 then c.odue else c.due end, c.ivl, " +
                std::to_string(t.days_elapsed) + ", " + std::to_string(t.next_day_at) + ", " +
                std::to_string(t.now) + ") " + op + " " + format_f32(p.real) + ") end";
        break;
      }
    }
  }

  SearchContext& ctx_;
  Table table_;
  bool normalize_ = true;
};

}  // namespace

std::string format_f32(float v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[128];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

SqlQuery write_search_sql(const std::vector<Node>& nodes, ReturnItem item, SearchContext& ctx) {
  Table table = item == ReturnItem::Cards ? Table::Cards : Table::Notes;
  for (const Node& n : nodes) table = combine(table, node_table(n));
  Writer w(ctx, table);
  switch (table) {
    case Table::Cards: w.sql_ = "select c.id from cards c where "; break;
    case Table::Notes: w.sql_ = "select n.id from notes n where "; break;
    default:
      w.sql_ = item == ReturnItem::Cards
                   ? "select c.id from cards c, notes n where c.nid=n.id and "
                   : "select distinct n.id from cards c, notes n where c.nid=n.id and ";
  }
  Node group;
  group.kind = Node::Kind::Group;
  group.children = nodes;
  w.write(group);
  return SqlQuery{std::move(w.sql_), std::move(w.args_)};
}

}  // namespace ankc::native::search
