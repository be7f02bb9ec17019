#include "conformance/kinded_ids.h"

#include <algorithm>
#include <set>

#include "conformance/json_spans.h"
#include "conformance/volatile_values.h"

namespace ankc::conformance {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_index(const std::string& step) { return !step.empty() && step.front() == '['; }

// An id token: an integer of 13+ digits (the volatile rule for ids; random field and template ids may
// be negative).
bool is_id_token(std::string_view token) {
  if (!token.empty() && token.front() == '-') token.remove_prefix(1);
  return token.size() >= 13 && std::all_of(token.begin(), token.end(), is_digit);
}

// An object key that is an id: 13+ digits.
bool is_id_key(std::string_view key) {
  return key.size() >= 13 && std::all_of(key.begin(), key.end(), is_digit);
}

std::string_view token_of(std::string_view text, const SpanNode& node) {
  return text.substr(node.begin, node.end - node.begin);
}

// The raw text between a string token's quotes (escapes left as they are: ids are plain digits).
std::string_view plain_string(std::string_view token) {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return {};
  return token.substr(1, token.size() - 2);
}

// The member named `key` of an object node, or nullptr.
const SpanNode* member(const SpanNode& object, std::string_view key) {
  if (object.type != SpanNode::Type::object) return nullptr;
  for (const SpanNode& m : object.children)
    if (m.key == key) return &m;
  return nullptr;
}

// AnkiConnect's envelope: an object of exactly the members "result" and "error".
bool is_envelope(const SpanNode& node) {
  return node.type == SpanNode::Type::object && node.children.size() == 2 && member(node, "result") &&
         member(node, "error");
}

// A request's action, and for `multi` the actions inside it, in order.
struct ActionTree {
  std::string action;
  std::vector<ActionTree> inner;
};

ActionTree action_tree(std::string_view text, const SpanNode& request) {
  ActionTree tree;
  if (const SpanNode* a = member(request, "action"); a && a->type == SpanNode::Type::string)
    tree.action = std::string(plain_string(token_of(text, *a)));
  if (tree.action != "multi") return tree;
  const SpanNode* params = member(request, "params");
  const SpanNode* actions = params ? member(*params, "actions") : nullptr;
  if (actions && actions->type == SpanNode::Type::array)
    for (const SpanNode& inner : actions->children) tree.inner.push_back(action_tree(text, inner));
  return tree;
}

// Kinds by member name, on either side.
const std::map<std::string, std::string, std::less<>>& kinds_by_name() {
  static const std::map<std::string, std::string, std::less<>> table = {
      {"note", "note"},          {"notes", "note"},           {"noteId", "note"},       {"noteIds", "note"},
      {"nid", "note"},           {"card", "card"},            {"cards", "card"},        {"cardId", "card"},
      {"cardIds", "card"},       {"cid", "card"},             {"deckId", "deck"},       {"deckIds", "deck"},
      {"deck_id", "deck"},       {"did", "deck"},             {"odid", "deck"},         {"modelId", "model"},
      {"modelIds", "model"},     {"mid", "model"},            {"configId", "deck config"},
      {"cloneFrom", "deck config"}, {"startID", "review"},
  };
  return table;
}

// Response positions named by the action alone ("action path"; the normalised path: members joined by '.', "[]" for
// array items, "{id}" for id-named members).
const std::map<std::string, std::string, std::less<>>& response_kinds() {
  static const std::map<std::string, std::string, std::less<>> table = {
      {"addNote ", "note"},
      {"addNotes []", "note"},
      {"findNotes []", "note"},
      {"cardsToNotes []", "note"},
      {"guiSelectedNotes []", "note"},
      {"guiAddCards ", "note"},
      {"findCards []", "card"},
      {"guiBrowse []", "card"},
      {"createDeck ", "deck"},
      {"getLatestReviewID ", "review"},
      {"cloneDeckConfigId ", "deck config"},
      {"getDeckConfig id", "deck config"},
      {"createModel id", "model"},
      {"findModelsById [].id", "model"},
      {"findModelsByName [].id", "model"},
      {"getReviewsOfCards {id}[].id", "review"},
  };
  return table;
}

}  // namespace

std::string query_prefix_kind(std::string_view prefix) {
  std::string p;
  for (char c : prefix) p += char(std::tolower(static_cast<unsigned char>(c)));
  if (p == "nid") return "note";
  if (p == "cid") return "card";
  if (p == "did") return "deck";
  if (p == "mid") return "model";
  return "";
}

std::string id_kind(std::string_view action, IdSide side, const std::vector<std::string>& path, bool is_key) {
  std::string norm;
  for (const std::string& step : path) {
    if (is_index(step)) {
      norm += "[]";
    } else {
      if (!norm.empty()) norm += '.';
      norm += step;
    }
  }
  bool response = side == IdSide::response;
  if (is_key) {
    if (response && norm == "{id}" && action == "getDeckStats") return "deck";
    if (response && norm == "{id}" && action == "getReviewsOfCards") return "card";
    return "";
  }
  // Review tuples: (review id, card id, usn, ease, ivl, lastIvl, factor, time, type).
  if ((action == "insertReviews" && !response && norm == "reviews[][]") ||
      (action == "cardReviews" && response && norm == "[][]")) {
    if (path.back() == "[0]") return "review";
    if (path.back() == "[1]") return "card";
    return "";
  }
  if (response) {
    auto hit = response_kinds().find(std::string(action) + " " + norm);
    if (hit != response_kinds().end()) return hit->second;
    // Maps keyed by name: deck and note type names -> ids; deck names -> card ids.
    if (path.size() == 1 && !is_index(path[0]) && action == "deckNamesAndIds") return "deck";
    if (path.size() == 1 && !is_index(path[0]) && action == "modelNamesAndIds") return "model";
    if (path.size() == 2 && !is_index(path[0]) && is_index(path[1]) && action == "getDecks") return "card";
  }
  // The nearest member name (skipping array items) and the one holding it.
  std::string name, parent;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (is_index(*it)) continue;
    if (name.empty()) {
      name = *it;
    } else {
      parent = *it;
      break;
    }
  }
  if (name == "id") {
    if (parent == "flds") return "field";
    if (parent == "tmpls") return "template";
    if (!response && parent == "note") return "note";             // updateNote, updateNoteFields, ...
    if (!response && parent == "config") return "deck config";    // saveDeckConfig
    return "";
  }
  auto hit = kinds_by_name().find(name);
  return hit != kinds_by_name().end() ? hit->second : "";
}

namespace {

// One id-bearing or volatile position of a request or response.
struct Leaf {
  const SpanNode* node = nullptr;  // primary side
  const SpanNode* other = nullptr;  // shadow side (responses only)
  std::string kind;
  std::string key;  // the member holding it ("" in arrays)
  bool is_key = false;
};

// Walks a request's params (recursing into multi's actions), collecting every scalar.
void walk_request(const SpanNode& request, std::string_view text, std::vector<Leaf>& out);

void walk_request_value(const SpanNode& node, const std::string& action, std::vector<std::string>& path,
                        const std::string& key, std::string_view text, std::vector<Leaf>& out) {
  if (action == "multi" && path.size() == 2 && path[0] == "actions" && node.type == SpanNode::Type::object) {
    walk_request(node, text, out);
    return;
  }
  if (node.type == SpanNode::Type::object || node.type == SpanNode::Type::array) {
    bool object = node.type == SpanNode::Type::object;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      const SpanNode& child = node.children[i];
      path.push_back(object ? (is_id_key(child.key) ? "{id}" : child.key) : "[" + std::to_string(i) + "]");
      if (object && is_id_key(child.key))
        out.push_back({&child, nullptr, id_kind(action, IdSide::request, path, true), child.key, true});
      walk_request_value(child, action, path, object ? child.key : "", text, out);
      path.pop_back();
    }
    return;
  }
  out.push_back({&node, nullptr, id_kind(action, IdSide::request, path), key, false});
}

void walk_request(const SpanNode& request, std::string_view text, std::vector<Leaf>& out) {
  ActionTree tree = action_tree(text, request);
  const SpanNode* params = member(request, "params");
  if (!params) return;
  std::vector<std::string> path;
  walk_request_value(*params, tree.action, path, "", text, out);
}

// Walks a primary response and the shadow's in parallel (items paired by position).
class ResponseWalker {
 public:
  explicit ResponseWalker(std::vector<Leaf>& out) : out_(out) {}

  void body(const SpanNode& p, const SpanNode& s, const ActionTree& action) {
    if (is_envelope(p) && is_envelope(s)) {
      for (std::size_t i = 0; i < p.children.size() && i < s.children.size(); ++i) {
        const SpanNode& pc = p.children[i];
        const SpanNode& sc = s.children[i];
        std::vector<std::string> path;
        if (pc.key == "result" && sc.key == "result")
          value(pc, sc, action, path, "result");
        else
          value(pc, sc, ActionTree{}, path, pc.key);  // the error text: no kinds
      }
      return;
    }
    std::vector<std::string> path;
    value(p, s, action, path, "");
  }

 private:
  void value(const SpanNode& p, const SpanNode& s, const ActionTree& action, std::vector<std::string>& path,
             const std::string& key) {
    if (p.type != s.type) return;
    if (action.action == "multi" && path.empty() && p.type == SpanNode::Type::array) {
      for (std::size_t i = 0; i < p.children.size() && i < s.children.size(); ++i)
        body(p.children[i], s.children[i], i < action.inner.size() ? action.inner[i] : ActionTree{});
      return;
    }
    if (p.type == SpanNode::Type::object || p.type == SpanNode::Type::array) {
      bool object = p.type == SpanNode::Type::object;
      for (std::size_t i = 0; i < p.children.size() && i < s.children.size(); ++i) {
        const SpanNode& pc = p.children[i];
        const SpanNode& sc = s.children[i];
        bool id_key = object && is_id_key(pc.key);
        path.push_back(object ? (id_key ? "{id}" : pc.key) : "[" + std::to_string(i) + "]");
        if (id_key) out_.push_back({&pc, &sc, id_kind(action.action, IdSide::response, path, true), pc.key, true});
        value(pc, sc, action, path, object ? pc.key : "");
        path.pop_back();
      }
      return;
    }
    out_.push_back({&p, &s, id_kind(action.action, IdSide::response, path), key, false});
  }

  std::vector<Leaf>& out_;
};

struct Splice {
  std::size_t begin, end;
  std::string text;
};

// One pass (a response may hold thousands of ids). Splices do not overlap.
std::string apply_splices(std::string_view text, std::vector<Splice> splices) {
  std::sort(splices.begin(), splices.end(), [](const Splice& x, const Splice& y) { return x.begin < y.begin; });
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t at = 0;
  for (const Splice& s : splices) {
    out.append(text.substr(at, s.begin - at));
    out += s.text;
    at = s.end;
  }
  out.append(text.substr(at));
  return out;
}

// The search prefix right before the digit run at `at` in a query ("nid:1,2" -> "nid"), or "".
std::string_view prefix_before(std::string_view text, std::size_t at) {
  std::size_t i = at;
  while (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == ',')) --i;
  if (i == 0 || text[i - 1] != ':') return {};
  std::size_t end = --i;
  while (i > 0 && std::isalpha(static_cast<unsigned char>(text[i - 1]))) --i;
  return text.substr(i, end - i);
}

// Rewrites every id-like digit run (13+ digits, not part of a longer run) of free text by `pick`.
template <typename Pick>
std::string rewrite_runs(std::string_view text, Pick pick) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    std::string run(text.substr(i, j - i));
    std::string to = run.size() >= 13 ? pick(run, prefix_before(text, i)) : "";
    out += to.empty() ? run : to;
    i = j;
  }
  return out;
}

}  // namespace

void KindedIds::add(const std::string& kind, const std::string& primary, const std::string& shadow) {
  map_[kind][primary] = shadow;
  if (primary != shadow) learned_difference_ = true;
}

std::string KindedIds::lookup(const std::string& kind, const std::string& token) const {
  auto in = [&](const std::string& k) -> std::string {
    auto table = map_.find(k);
    if (table == map_.end()) return "";
    auto hit = table->second.find(token);
    return hit == table->second.end() ? "" : hit->second;
  };
  if (!kind.empty()) {
    std::string v = in(kind);
    return v.empty() ? in("") : v;
  }
  std::set<std::string> values;
  for (const auto& [k, table] : map_) {
    if (k == "guid") continue;
    if (auto hit = table.find(token); hit != table.end()) values.insert(hit->second);
  }
  return values.size() == 1 ? *values.begin() : "";
}

std::string KindedIds::rewrite_text(std::string_view text) const {
  return rewrite_runs(text, [&](const std::string& run, std::string_view prefix) {
    return lookup(query_prefix_kind(prefix), run);
  });
}

std::string KindedIds::rewrite_request(std::string_view body) {
  context_.clear();
  std::optional<SpanNode> root = parse_spans(body);
  if (!root || root->type != SpanNode::Type::object) return rewrite_text(body);
  std::vector<Leaf> leaves;
  walk_request(*root, body, leaves);
  std::vector<Splice> splices;
  auto use = [&](const std::string& from, const std::string& to) {
    context_[from].insert(to);
    return to;
  };
  for (const Leaf& leaf : leaves) {
    const SpanNode& n = *leaf.node;
    if (leaf.is_key) {
      if (std::string to = lookup(leaf.kind, n.key); !to.empty()) splices.push_back({n.key_begin + 1, n.key_end - 1, use(n.key, to)});
      continue;
    }
    std::string_view token = token_of(body, n);
    if (n.type == SpanNode::Type::number && is_id_token(token)) {
      if (std::string to = lookup(leaf.kind, std::string(token)); !to.empty())
        splices.push_back({n.begin, n.end, use(std::string(token), to)});
    } else if (n.type == SpanNode::Type::string) {
      if (std::string to = lookup("guid", std::string(token)); !to.empty()) {
        splices.push_back({n.begin, n.end, to});
        continue;
      }
      std::string_view inner = plain_string(token);
      std::string rewritten;
      if (is_id_key(inner)) {  // an id sent as a string (getReviewsOfCards accepts them)
        rewritten = lookup(leaf.kind, std::string(inner));
        if (!rewritten.empty()) use(std::string(inner), rewritten);
      } else if (inner.size() >= 13) {
        rewritten = rewrite_runs(inner, [&](const std::string& run, std::string_view prefix) {
          std::string to = lookup(query_prefix_kind(prefix), run);
          return to.empty() ? to : use(run, to);
        });
      }
      if (!rewritten.empty() && rewritten != inner) splices.push_back({n.begin + 1, n.end - 1, rewritten});
    }
  }
  return apply_splices(body, std::move(splices));
}

std::string KindedIds::reconcile(std::string_view request_body, std::string_view primary, std::string_view shadow) {
  // Free text (an error naming an id, a body that is not JSON): ids the request was rewritten with
  // first, then a query prefix's kind, then what every kind agrees on.
  auto in_text = [&](std::string_view text) {
    return rewrite_runs(text, [&](const std::string& run, std::string_view prefix) {
      if (auto hit = context_.find(run); hit != context_.end() && hit->second.size() == 1) return *hit->second.begin();
      return lookup(query_prefix_kind(prefix), run);
    });
  };
  // Identical bodies hold only identity pairs; they matter only where they would replace another pairing.
  if (primary == shadow && !learned_difference_) return std::string(primary);
  std::optional<SpanNode> p = parse_spans(primary);
  std::optional<SpanNode> s = parse_spans(shadow);
  if (!p || !s) return in_text(primary);
  ActionTree action;
  if (std::optional<SpanNode> request = parse_spans(request_body); request) action = action_tree(request_body, *request);
  std::vector<Leaf> leaves;
  ResponseWalker(leaves).body(*p, *s, action);

  // Pass 1: ids and guids, paired by kind. One exchange pairs a (kind, id) once: a second, different
  // pairing in the same response is a difference, left in place.
  std::map<std::pair<std::string, std::string>, std::string> pairs;
  std::vector<Splice> splices;
  auto pair = [&](const std::string& kind, const std::string& from, const std::string& to) {
    auto [it, added] = pairs.emplace(std::make_pair(kind, from), to);
    return added || it->second == to;
  };
  for (const Leaf& leaf : leaves) {
    const SpanNode& pn = *leaf.node;
    const SpanNode& sn = *leaf.other;
    if (leaf.is_key) {
      if (is_id_key(sn.key) && pair(leaf.kind, pn.key, sn.key) && pn.key != sn.key)
        splices.push_back({pn.key_begin + 1, pn.key_end - 1, sn.key});
      continue;
    }
    std::string pt(token_of(primary, pn)), st(token_of(shadow, sn));
    bool learnable = (pn.type == SpanNode::Type::number && sn.type == SpanNode::Type::number && is_id_token(pt) &&
                      is_id_token(st)) ||
                     (pn.type == SpanNode::Type::string && leaf.key == "guid");
    if (learnable && pair(pn.type == SpanNode::Type::string ? "guid" : leaf.kind, pt, st) && pt != st)
      splices.push_back({pn.begin, pn.end, st});
  }
  for (const auto& [at, to] : pairs) add(at.first, at.second, to);

  // Pass 2: text naming ids (error messages, ids sent back as strings), and the values tolerated in place.
  for (const auto& [at, to] : pairs)
    if (at.first != "guid") context_[at.second].insert(to);
  for (const Leaf& leaf : leaves) {
    if (leaf.is_key) continue;
    const SpanNode& pn = *leaf.node;
    const SpanNode& sn = *leaf.other;
    std::string_view pt = token_of(primary, pn), st = token_of(shadow, sn);
    if (pt == st) continue;
    if (pn.type == SpanNode::Type::string && leaf.key != "guid") {
      std::string_view inner = plain_string(pt);
      std::string text = is_id_key(inner) && !leaf.kind.empty() ? lookup(leaf.kind, std::string(inner)) : "";
      if (text.empty()) text = in_text(inner);
      if ("\"" + text + "\"" == st) splices.push_back({pn.begin + 1, pn.end - 1, text});
      continue;
    }
    VolatileKind kind = classify_value(leaf.key, pt, false, pn.type == SpanNode::Type::number && is_integer_token(pt));
    bool shadow_integer = sn.type == SpanNode::Type::number && is_integer_token(st);
    if ((kind == VolatileKind::timestamp || kind == VolatileKind::usn) && shadow_integer)
      splices.push_back({pn.begin, pn.end, std::string(st)});
  }
  return apply_splices(primary, std::move(splices));
}

}  // namespace ankc::conformance
