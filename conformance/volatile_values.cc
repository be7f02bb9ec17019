#include "conformance/volatile_values.h"

#include <algorithm>
#include <optional>

#include "conformance/json_spans.h"

namespace ankc::conformance {

namespace {

std::size_t digit_count(std::string_view token) {
  return token.size() - ((!token.empty() && token[0] == '-') ? 1 : 0);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// One place where `actual` replaces bytes of the expected text.
struct Splice {
  std::size_t begin, end;
  std::string text;
};

// Walks two parsed bodies in parallel, calling back on every volatile position whose tokens differ.
class Walker {
 public:
  Walker(std::string_view expected, std::string_view actual) : e_(expected), a_(actual) {}

  std::vector<std::pair<std::string, std::string>> learned;  // recorded token -> actual token
  std::vector<Splice> splices;

  void walk(const SpanNode& e, const SpanNode& a, std::string_view key) {
    if (e.type != a.type) return;
    if (e.type == SpanNode::Type::object || e.type == SpanNode::Type::array) {
      std::size_t n = std::min(e.children.size(), a.children.size());
      for (std::size_t i = 0; i < n; ++i) {
        const SpanNode& ec = e.children[i];
        const SpanNode& ac = a.children[i];
        if (e.type == SpanNode::Type::object && ec.key != ac.key && is_volatile_key(ec.key) &&
            is_volatile_key(ac.key)) {
          learned.emplace_back(ec.key, ac.key);
          splices.push_back({ec.key_begin + 1, ec.key_end - 1, ac.key});
        }
        walk(ec, ac, e.type == SpanNode::Type::object ? std::string_view(ec.key) : std::string_view());
      }
      return;
    }
    std::string_view et = e_.substr(e.begin, e.end - e.begin);
    std::string_view at = a_.substr(a.begin, a.end - a.begin);
    if (et == at) return;
    bool is_string = e.type == SpanNode::Type::string;
    bool e_int = e.type == SpanNode::Type::number && is_integer_token(et);
    bool a_int = a.type == SpanNode::Type::number && is_integer_token(at);
    if (e_int != a_int) return;
    VolatileKind kind = classify_value(key, et, is_string, e_int);
    if (kind == VolatileKind::none) return;
    if (kind == VolatileKind::id && classify_value(key, at, is_string, a_int) != VolatileKind::id) return;
    if (kind == VolatileKind::id || kind == VolatileKind::guid) learned.emplace_back(et, at);
    splices.push_back({e.begin, e.end, std::string(at)});
  }

 private:
  std::string_view e_, a_;
};

std::string apply_splices(std::string text, std::vector<Splice> splices) {
  std::sort(splices.begin(), splices.end(), [](const Splice& x, const Splice& y) { return x.begin > y.begin; });
  for (const Splice& s : splices) text.replace(s.begin, s.end - s.begin, s.text);
  return text;
}

}  // namespace

VolatileKind classify_value(std::string_view key, std::string_view token, bool is_string, bool is_integer) {
  if (is_string) return key == "guid" ? VolatileKind::guid : VolatileKind::none;
  if (!is_integer) return VolatileKind::none;
  if (digit_count(token) >= 13) return VolatileKind::id;
  if (key == "mod" || key == "crt") return VolatileKind::timestamp;
  if (key == "usn") return VolatileKind::usn;
  return VolatileKind::none;
}

bool is_volatile_key(std::string_view key) {
  return key.size() >= 13 && std::all_of(key.begin(), key.end(), is_digit);
}

void Substitutions::add(const std::string& recorded, const std::string& actual) {
  if (recorded != actual) map_.emplace(recorded, actual);
}

bool Substitutions::is_mapped_output(const std::string& token) const {
  for (const auto& [from, to] : map_)
    if (to == token) return true;
  return false;
}

std::string Substitutions::apply(std::string_view bytes) const {
  if (map_.empty()) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    // A number token: a maximal digit run (with a leading '-' when one is present).
    if (is_digit(bytes[i]) && (i == 0 || !is_digit(bytes[i - 1]))) {
      std::size_t j = i;
      while (j < bytes.size() && is_digit(bytes[j])) ++j;
      std::size_t start = (i > 0 && bytes[i - 1] == '-') ? i - 1 : i;
      std::string with_sign(bytes.substr(start, j - start));
      std::string digits(bytes.substr(i, j - i));
      auto hit = map_.find(with_sign);
      if (hit != map_.end() && start < i) {
        out.pop_back();  // the '-' already copied
        out += hit->second;
      } else if ((hit = map_.find(digits)) != map_.end()) {
        out += hit->second;
      } else {
        out += digits;
      }
      i = j;
      continue;
    }
    // A quoted token (guid substitutions are stored with their quotes).
    if (bytes[i] == '"') {
      bool replaced = false;
      for (const auto& [from, to] : map_) {
        if (from.size() >= 2 && from.front() == '"' && bytes.substr(i, from.size()) == from) {
          out += to;
          i += from.size();
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out += bytes[i++];
  }
  return out;
}

std::string Substitutions::reconcile(std::string_view expected, std::string_view actual) {
  std::string e = apply(expected);
  if (e == actual) return e;
  std::optional<SpanNode> et = parse_spans(e);
  std::optional<SpanNode> at = parse_spans(actual);
  if (!et || !at) return e;
  Walker first(e, actual);
  first.walk(*et, *at, "");
  bool learned_any = false;
  for (const auto& [from, to] : first.learned) {
    // A token that is already the output of a substitution was not in the recording: a real difference.
    if ((!learn_over_outputs_ && is_mapped_output(from)) || map_.count(from)) continue;
    map_.emplace(from, to);
    learned_any = true;
  }
  if (learned_any) {
    e = apply(expected);
    et = parse_spans(e);
    if (!et) return e;
  }
  Walker second(e, actual);
  second.walk(*et, *at, "");
  // Only tolerated values are spliced: learned ones were already substituted; a conflicting id stays.
  std::vector<Splice> tolerated;
  for (const Splice& s : second.splices) {
    std::string_view token = std::string_view(e).substr(s.begin, s.end - s.begin);
    std::string key_or_value(token);
    bool is_id_like = is_volatile_key(key_or_value) || (is_integer_token(token) && digit_count(token) >= 13) ||
                      (!token.empty() && token.front() == '"');
    if (!is_id_like) tolerated.push_back(s);
  }
  return apply_splices(std::move(e), std::move(tolerated));
}

}  // namespace ankc::conformance
