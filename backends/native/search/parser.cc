#include "backends/native/search/parser.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdlib>
#include <limits>
#include <string>

#include "backends/native/search/search_error.h"
#include "backends/native/search/text.h"

namespace ankc::native::search {
namespace {

using K = SearchErrorKind;
constexpr std::string_view kIdeographicSpace = "\u3000";

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ascii_lower(a) == ascii_lower(b);
}

// unescape() of parser.rs: validate, then drop the parser escapes.
std::string unescape(std::string_view text) {
  if (auto bad = invalid_escape(text)) throw_search_error(K::UnknownEscape, *bad);
  return unescape_parser_escapes(text);
}

// ^(\d+,)*\d+$ with Unicode decimal digits.
bool is_id_list(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  bool need_digit = true;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c == ',') {
      if (need_digit) return false;
      need_digit = true;
    } else if (c >= 0 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
      need_digit = false;
    } else {
      return false;
    }
  }
  return !need_digit;
}

std::string_view split_first(std::string_view s, char sep, std::optional<std::string_view>& rest) {
  size_t p = s.find(sep);
  if (p == std::string_view::npos) {
    rest.reset();
    return s;
  }
  rest = s.substr(p + 1);
  return s.substr(0, p);
}

int64_t parse_u32(std::string_view num, const std::string& context) {
  auto v = parse_rust_int(num, 0, std::numeric_limits<uint32_t>::max());
  if (!v) throw_search_error(K::InvalidPositiveWholeNumber, context, std::string(num));
  return *v;
}

int64_t parse_i32(std::string_view num, const std::string& context) {
  auto v = parse_rust_int(num, std::numeric_limits<int32_t>::min(),
                          std::numeric_limits<int32_t>::max());
  if (!v) throw_search_error(K::InvalidWholeNumber, context, std::string(num));
  return *v;
}

int64_t parse_i64(std::string_view num, const std::string& context) {
  auto v = parse_rust_int(num, std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::max());
  if (!v) throw_search_error(K::InvalidWholeNumber, context, std::string(num));
  return *v;
}

int64_t parse_negative_i32(std::string_view num, const std::string& context) {
  auto v = parse_rust_int(num, std::numeric_limits<int32_t>::min(),
                          std::numeric_limits<int32_t>::max());
  if (!v || *v > 0) throw_search_error(K::InvalidNegativeWholeNumber, context, std::string(num));
  return *v;
}

float parse_f32(std::string_view num, const std::string& context) {
  auto v = parse_rust_f32(num);
  if (!v) throw_search_error(K::InvalidNumber, context, std::string(num));
  return *v;
}

// Sets rating/button from an optional ":b" part.
void parse_answer_button(std::optional<std::string_view> num, const std::string& context,
                         Rating& rating, int& button) {
  if (!num) {
    rating = Rating::AnyButton;
    return;
  }
  auto v = parse_rust_int(*num, 0, 255);
  if (!v || *v < 1 || *v > 4) throw_search_error(K::InvalidAnswerButton, context, std::string(*num));
  rating = Rating::Button;
  button = static_cast<int>(*v);
}

SearchTerm parse_prop(std::string_view clause) {
  static const char* kNames[] = {"ivl", "due",     "reps", "lapses", "ease", "pos",
                                 "rated", "resched", "s",  "d",      "r"};
  static const PropKind kKinds[] = {PropKind::Interval, PropKind::Due,       PropKind::Reps,
                                    PropKind::Lapses,   PropKind::Ease,      PropKind::Position,
                                    PropKind::Rated,    PropKind::Resched,   PropKind::Stability,
                                    PropKind::Difficulty, PropKind::Retrievability};
  const std::string context(clause);
  Property p;
  std::string name;
  bool found = false;
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (clause.substr(0, std::char_traits<char>::length(kNames[i])) == kNames[i]) {
      name = kNames[i];
      p.kind = kKinds[i];
      found = true;
      break;
    }
  }
  if (!found && (clause.substr(0, 4) == "cdn:" || clause.substr(0, 4) == "cds:")) {
    size_t e = 4;
    while (e < clause.size() && std::isalnum(static_cast<unsigned char>(clause[e]))) ++e;
    if (e > 4) {
      name = std::string(clause.substr(0, e));
      p.kind = clause[2] == 'n' ? PropKind::CustomNumber : PropKind::CustomString;
      p.key = name.substr(4);
      found = true;
    }
  }
  if (!found) throw_search_error(K::InvalidPropProperty, context);
  std::string_view tail = clause.substr(name.size());
  static const char* kOps[] = {"<=", ">=", "!=", "=", "<", ">"};
  for (const char* op : kOps) {
    if (tail.substr(0, std::char_traits<char>::length(op)) == op) {
      p.op = op;
      break;
    }
  }
  if (p.op.empty()) throw_search_error(K::InvalidPropOperator, name);
  std::string_view num = tail.substr(p.op.size());
  switch (p.kind) {
    case PropKind::Ease:
    case PropKind::Stability:
    case PropKind::Difficulty:
    case PropKind::Retrievability:
    case PropKind::CustomNumber:
      p.real = parse_f32(num, context);
      break;
    case PropKind::Due:
      p.integer = parse_i32(num, context);
      break;
    case PropKind::Rated: {
      std::optional<std::string_view> button;
      std::string_view days = split_first(num, ':', button);
      p.integer = parse_negative_i32(days, context);
      parse_answer_button(button, context, p.rating, p.button);
      break;
    }
    case PropKind::Resched:
      p.integer = parse_negative_i32(num, context);
      p.rating = Rating::ManualReschedule;
      break;
    case PropKind::Interval:
    case PropKind::Reps:
    case PropKind::Lapses:
    case PropKind::Position:
      p.integer = parse_u32(num, context);
      break;
    case PropKind::CustomString:
      p.text = std::string(num);
      break;
  }
  SearchTerm t;
  t.kind = TermKind::Property;
  t.prop = std::move(p);
  return t;
}

SearchTerm make(TermKind kind, std::string text = {}) {
  SearchTerm t;
  t.kind = kind;
  t.text = std::move(text);
  return t;
}

SearchTerm make_number(TermKind kind, int64_t n) {
  SearchTerm t;
  t.kind = kind;
  t.number = n;
  return t;
}

SearchTerm parse_single_field(std::string_view key, std::string_view val) {
  SearchTerm t;
  t.kind = TermKind::SingleField;
  if (val.substr(0, 3) == "re:") {
    t.field = unescape(key);
    t.text = unescape_quotes(val.substr(3));
    t.mode = FieldMode::Regex;
  } else if (val.substr(0, 3) == "nc:") {
    t.field = unescape(key);
    t.text = unescape_quotes(val.substr(3));
    t.mode = FieldMode::NoCombining;
  } else {
    t.field = unescape(key);
    t.text = unescape(val);
    t.mode = FieldMode::Normal;
  }
  return t;
}

// Keyword dispatch for key:value (search.md §2.4).
SearchTerm term_with_argument(std::string_view key, std::string_view val) {
  const std::string k = ascii_lower(key);
  if (k == "deck") return make(TermKind::Deck, unescape(val));
  if (k == "note") return make(TermKind::Notetype, unescape(val));
  if (k == "tag") {
    SearchTerm t = make(TermKind::Tag);
    if (val.substr(0, 3) == "re:") {
      t.text = unescape_quotes(val.substr(3));
      t.mode = FieldMode::Regex;
    } else if (val.substr(0, 3) == "nc:") {
      t.text = unescape(val.substr(3));
      t.mode = FieldMode::NoCombining;
    } else {
      t.text = unescape(val);
    }
    return t;
  }
  if (k == "card") {
    if (auto n = parse_rust_int(val, 0, 65535))
      return make_number(TermKind::TemplateOrdinal, std::max<int64_t>(*n, 1) - 1);
    return make(TermKind::TemplateName, unescape(val));
  }
  if (k == "flag") {
    auto n = parse_rust_int(val, 0, 255);
    if (!n || *n > 7) throw_search_error(K::InvalidFlag);
    return make_number(TermKind::Flag, *n);
  }
  if (k == "resched") {
    SearchTerm t = make_number(TermKind::Rated, parse_u32(val, "resched:"));
    t.rating = Rating::ManualReschedule;
    return t;
  }
  if (k == "prop") return parse_prop(val);
  if (k == "added")
    return make_number(TermKind::AddedInDays, std::max<int64_t>(parse_u32(val, "added:"), 1));
  if (k == "edited")
    return make_number(TermKind::EditedInDays, std::max<int64_t>(parse_u32(val, "edited:"), 1));
  if (k == "introduced")
    return make_number(TermKind::IntroducedInDays,
                       std::max<int64_t>(parse_u32(val, "introduced:"), 1));
  if (k == "rated") {
    std::optional<std::string_view> button;
    std::string_view days = split_first(val, ':', button);
    SearchTerm t = make_number(TermKind::Rated, std::max<int64_t>(parse_u32(days, "rated:"), 1));
    parse_answer_button(button, std::string(val), t.rating, t.button);
    return t;
  }
  if (k == "is") {
    static const char* kStates[] = {"new",    "review",          "learn",          "due",
                                    "buried", "buried-manually", "buried-sibling", "suspended"};
    for (const char* s : kStates)
      if (val == s) return make(TermKind::State, s);
    throw_search_error(K::InvalidState, std::string(val));
  }
  if (k == "did" || k == "nid" || k == "cid") {
    if (!is_id_list(val))
      throw_search_error(K::Other, "expected only digits and commas in " + std::string(key) + ":");
    TermKind kind = k == "did" ? TermKind::DeckIds : k == "nid" ? TermKind::NoteIds : TermKind::CardIds;
    return make(kind, std::string(val));
  }
  if (k == "mid") return make_number(TermKind::NotetypeId, parse_i64(val, "mid:"));
  if (k == "re") return make(TermKind::Regex, unescape_quotes(val));
  if (k == "nc") return make(TermKind::NoCombining, unescape(val));
  if (k == "sc") return make(TermKind::StripClozes, unescape(val));
  if (k == "w") return make(TermKind::WordBoundary, unescape(val));
  if (k == "dupe") {
    std::optional<std::string_view> text;
    std::string_view ntid = split_first(val, ',', text);
    SearchTerm t = make_number(TermKind::Duplicates, parse_i64(ntid, std::string(val)));
    if (!text) throw_search_error(K::Other, "invalid 'dupe:' search");
    t.text = unescape_quotes_and_backslashes(*text);
    return t;
  }
  if (k == "has-cd") return make(TermKind::CustomData, unescape(val));
  if (k == "preset") return make(TermKind::Preset, std::string(val));
  return parse_single_field(key, val);
}

// Classifies the text of a term (after quoting is removed): plain text or key:value.
SearchTerm term_for_text(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] != ':') {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    ++i;
  }
  if (i == 0) throw_search_error(K::MissingKey);
  if (i >= s.size()) return make(TermKind::UnqualifiedText, unescape(s));
  return term_with_argument(s.substr(0, i), s.substr(i + 1));
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::vector<Node> parse_top() {
    std::vector<Node> nodes = parse_sequence();
    if (pos_ < s_.size()) throw_search_error(K::UnopenedGroup);
    return nodes;
  }

 private:
  bool at_space(size_t p) const {
    return p < s_.size() && (s_[p] == ' ' || s_.substr(p, 3) == kIdeographicSpace);
  }
  void skip_spaces() {
    while (at_space(pos_)) pos_ += s_[pos_] == ' ' ? 1 : 3;
  }

  // group_inner: nodes until the end or a ')' (which is left in place).
  std::vector<Node> parse_sequence() {
    std::vector<Node> nodes;
    while (true) {
      std::optional<Node> node = parse_node();
      if (!node) break;
      bool is_op = node->kind == Node::Kind::And || node->kind == Node::Kind::Or;
      if (nodes.size() % 2 == 0) {
        if (node->kind == Node::Kind::And) throw_search_error(K::MisplacedAnd);
        if (node->kind == Node::Kind::Or) throw_search_error(K::MisplacedOr);
      } else if (!is_op) {
        Node and_node;
        and_node.kind = Node::Kind::And;
        nodes.push_back(std::move(and_node));
      }
      nodes.push_back(std::move(*node));
    }
    if (!nodes.empty()) {
      if (nodes.back().kind == Node::Kind::And) throw_search_error(K::MisplacedAnd);
      if (nodes.back().kind == Node::Kind::Or) throw_search_error(K::MisplacedOr);
    }
    skip_spaces();
    return nodes;
  }

  // nullopt = nothing parseable here (end of input or ')').
  std::optional<Node> parse_node() {
    skip_spaces();
    if (pos_ < s_.size() && s_[pos_] == '-') {
      size_t saved = pos_;
      ++pos_;
      std::optional<Node> inner = parse_group();
      if (!inner) inner = parse_text();
      if (inner) {
        Node n;
        n.kind = Node::Kind::Not;
        n.children.push_back(std::move(*inner));
        return n;
      }
      pos_ = saved;
    }
    if (auto g = parse_group()) return g;
    return parse_text();
  }

  std::optional<Node> parse_group() {
    if (pos_ >= s_.size() || s_[pos_] != '(') return std::nullopt;
    ++pos_;
    // Each level recurses here; thousands of '(' overflowed the stack (SIGSEGV).
    if (++depth_ > kMaxGroupDepth) throw_nesting_too_deep();
    std::vector<Node> inner = parse_sequence();
    --depth_;
    if (pos_ < s_.size() && s_[pos_] == ')') {
      if (inner.empty()) throw_search_error(K::EmptyGroup);
      ++pos_;
      Node n;
      n.kind = Node::Kind::Group;
      n.children = std::move(inner);
      return n;
    }
    throw_search_error(K::UnclosedGroup);
  }

  static Node search_node(SearchTerm term) {
    Node n;
    n.kind = Node::Kind::Search;
    n.term = std::move(term);
    return n;
  }

  std::optional<Node> parse_text() {
    if (pos_ >= s_.size()) return std::nullopt;
    if (s_[pos_] == '"') {
      std::string_view inner = quoted_string(pos_, pos_);
      return search_node(term_for_text(inner));
    }
    if (auto n = parse_partially_quoted()) return n;
    return parse_unquoted();
  }

  // A quoted string starting at `start` (which holds '"'); sets `end` past the closing quote.
  std::string_view quoted_string(size_t start, size_t& end) {
    size_t i = start + 1;
    if (i < s_.size() && s_[i] == '"') throw_search_error(K::EmptyQuote);
    while (i < s_.size() && s_[i] != '"') {
      if (s_[i] == '\\') {
        if (i + 1 >= s_.size()) throw_search_error(K::UnclosedQuote);
        ++i;
        // take the whole escaped UTF-8 character
        auto lead = static_cast<unsigned char>(s_[i]);
        i += lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        continue;
      }
      ++i;
    }
    if (i >= s_.size()) throw_search_error(K::UnclosedQuote);
    end = i + 1;
    return s_.substr(start + 1, i - start - 1);
  }

  // key:"value"
  std::optional<Node> parse_partially_quoted() {
    size_t i = pos_;
    while (i < s_.size()) {
      char c = s_[i];
      if (c == '"' || c == '(' || c == ')' || c == ':' || at_space(i)) break;
      if (c == '\\') {
        if (i + 1 >= s_.size() || at_space(i + 1)) return std::nullopt;
        ++i;
        auto lead = static_cast<unsigned char>(s_[i]);
        i += lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        continue;
      }
      ++i;
    }
    if (i == pos_ || i + 1 >= s_.size() || s_[i] != ':' || s_[i + 1] != '"') return std::nullopt;
    std::string_view key = s_.substr(pos_, i - pos_);
    size_t end = 0;
    std::string_view value = quoted_string(i + 1, end);
    SearchTerm term = term_with_argument(key, value);
    pos_ = end;
    return search_node(std::move(term));
  }

  std::optional<Node> parse_unquoted() {
    size_t i = pos_;
    while (i < s_.size()) {
      char c = s_[i];
      if (c == '"' || c == '(' || c == ')' || at_space(i)) break;
      if (c == '\\') {
        if (i + 1 >= s_.size()) throw_search_error(K::UnknownEscape, "\\");
        if (at_space(i + 1)) throw_search_error(K::UnknownEscape, "\\" + std::string(s_.substr(i + 1)));
        ++i;
        auto lead = static_cast<unsigned char>(s_[i]);
        i += lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        continue;
      }
      ++i;
    }
    i = std::min(i, s_.size());
    if (i == pos_) return std::nullopt;
    std::string_view term = s_.substr(pos_, i - pos_);
    pos_ = i;
    if (iequals_ascii(term, "and")) {
      Node n;
      n.kind = Node::Kind::And;
      return n;
    }
    if (iequals_ascii(term, "or")) {
      Node n;
      n.kind = Node::Kind::Or;
      return n;
    }
    return search_node(term_for_text(term));
  }

  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;  // groups open at pos_
};

}  // namespace

std::optional<int64_t> parse_rust_int(std::string_view t, int64_t min, int64_t max) {
  size_t i = 0;
  bool neg = false;
  if (!t.empty() && (t[0] == '+' || (t[0] == '-' && min < 0))) {
    neg = t[0] == '-';
    i = 1;
  }
  if (i >= t.size()) return std::nullopt;
  __int128 v = 0;
  for (; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
    v = v * 10 + (t[i] - '0');
    if (v > (__int128)std::numeric_limits<int64_t>::max() + 1) return std::nullopt;
  }
  if (neg) v = -v;
  if (v < min || v > max) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<float> parse_rust_f32(std::string_view t) {
  std::string_view body = t;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
  std::string lower = ascii_lower(body);
  bool special = lower == "inf" || lower == "infinity" || lower == "nan";
  if (!special) {
    size_t i = 0, digits = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i, ++digits;
    if (i < body.size() && body[i] == '.') {
      ++i;
      while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
      ++i;
      if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
      size_t exp_digits = 0;
      while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i, ++exp_digits;
      if (exp_digits == 0) return std::nullopt;
    }
    if (i != body.size()) return std::nullopt;
  }
  std::string copy(t);
  return std::strtof(copy.c_str(), nullptr);
}

std::vector<Node> parse_search(std::string_view query) {
  std::string normalized = normalize_whitespace_and_trim(query);
  if (normalized.empty()) {
    Node n;
    n.kind = Node::Kind::Search;
    n.term.kind = TermKind::WholeCollection;
    return {std::move(n)};
  }
  return Parser(normalized).parse_top();
}

}  // namespace ankc::native::search
