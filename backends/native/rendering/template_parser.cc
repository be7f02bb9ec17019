// Template lexer and parser.
#include "backends/native/rendering/template_parser.h"

#include "backends/native/rendering/html_text.h"

namespace ankc::native::rendering {
namespace {

constexpr std::string_view kAltSyntaxDirective = "{{=<% %>=}}";

enum class TokenKind { kText, kComment, kReplacement, kOpen, kOpenNegated, kClose };

struct Token {
  TokenKind kind;
  std::string_view text;
};

// Classifies the inside of a tag: leading '{' dropped, whitespace trimmed, then the first
// character decides (only for contents of at least two bytes).
Token classify_tag(std::string_view inner) {
  std::size_t i = 0;
  while (i < inner.size() && inner[i] == '{') ++i;
  std::string_view s = trim_unicode(inner.substr(i));
  if (s.size() < 2) return {TokenKind::kReplacement, s};
  switch (s[0]) {
    case '#': return {TokenKind::kOpen, trim_start_unicode(s.substr(1))};
    case '/': return {TokenKind::kClose, trim_start_unicode(s.substr(1))};
    case '^': return {TokenKind::kOpenNegated, trim_start_unicode(s.substr(1))};
    default: return {TokenKind::kReplacement, s};
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {
    std::string_view trimmed = trim_start_unicode(text_);
    if (trimmed.substr(0, kAltSyntaxDirective.size()) == kAltSyntaxDirective) {
      while (trimmed.substr(0, kAltSyntaxDirective.size()) == kAltSyntaxDirective) {
        trimmed.remove_prefix(kAltSyntaxDirective.size());
      }
      text_ = trimmed;
      open_ = "<%";
      close_ = "%>";
    }
    start_ = text_.data();
  }

  // The next token, or nullopt at the end.
  std::optional<Token> next() {
    if (text_.empty()) return std::nullopt;
    for (std::size_t i = 0; i < text_.size(); ++i) {
      Token token;
      std::size_t end;
      if (!match_at(i, token, end)) continue;
      if (i > 0) {
        Token text{TokenKind::kText, text_.substr(0, i)};
        text_.remove_prefix(i);
        return text;
      }
      text_.remove_prefix(end);
      return token;
    }
    Token rest{TokenKind::kText, text_};
    text_ = {};
    return rest;
  }

 private:
  // A tag (open delimiter, shortest run, close delimiter) or a comment starting at `i`.
  bool match_at(std::size_t i, Token& token, std::size_t& end) {
    if (text_.compare(i, open_.size(), open_) == 0) {
      std::size_t close = find_forward(close_, i + open_.size(), tag_close_);
      if (close != std::string_view::npos) {
        token = classify_tag(text_.substr(i + open_.size(), close - i - open_.size()));
        end = close + close_.size();
        return true;
      }
    }
    if (text_.compare(i, 4, "<!--") == 0) {
      std::size_t close = find_forward("-->", i + 4, comment_close_);
      if (close != std::string_view::npos) {
        token = {TokenKind::kComment, text_.substr(i + 4, close - i - 4)};
        end = close + 3;
        return true;
      }
    }
    return false;
  }

  // The last search for a closing delimiter, in offsets from the start of the whole text.
  struct Found {
    std::size_t from = 0;
    std::size_t at = 0;
    bool valid = false;
  };

  // text_.find(delim, from), reusing the previous answer while it still holds: the lexer only moves
  // forward, so a search that found nothing, or found a position still ahead, answers the later ones
  // too. Without this a long run of unterminated "{{" searched to the end once per byte (quadratic).
  std::size_t find_forward(std::string_view delim, std::size_t from, Found& memo) {
    std::size_t base = static_cast<std::size_t>(text_.data() - start_);
    std::size_t abs_from = base + from;
    bool reusable = memo.valid && memo.from <= abs_from &&
                    (memo.at == std::string_view::npos || memo.at >= abs_from);
    if (!reusable) {
      std::size_t found = text_.find(delim, from);
      memo = {abs_from, found == std::string_view::npos ? found : base + found, true};
    }
    return memo.at == std::string_view::npos ? memo.at : memo.at - base;
  }

  std::string_view text_;
  const char* start_ = nullptr;  // where text_ began, for the memoised searches
  Found tag_close_, comment_close_;
  std::string_view open_ = "{{";
  std::string_view close_ = "}}";
};

TemplateNode make_replacement(std::string_view text) {
  // Split on every ':'; the last piece is the field, the others filters (applied right to left).
  TemplateNode node;
  node.kind = NodeKind::kReplacement;
  std::size_t last = text.rfind(':');
  if (last == std::string_view::npos) {
    node.text = std::string(text);
    return node;
  }
  node.text = std::string(text.substr(last + 1));
  std::size_t end = last;
  while (true) {
    std::size_t sep = end == 0 ? std::string_view::npos : text.rfind(':', end - 1);
    if (sep == std::string_view::npos) {
      node.filters.emplace_back(text.substr(0, end));
      break;
    }
    node.filters.emplace_back(text.substr(sep + 1, end - sep - 1));
    end = sep;
  }
  return node;
}

// Parses until the close of `open_key` (or the end when there is none), `depth` sections deep.
// Returns an error message.
std::optional<std::string> parse_nodes(Lexer& lexer, const std::string_view* open_key, int depth,
                                       std::vector<TemplateNode>& out) {
  while (auto token = lexer.next()) {
    switch (token->kind) {
      case TokenKind::kText:
        out.push_back({NodeKind::kText, std::string(token->text), {}, {}});
        break;
      case TokenKind::kComment:
        out.push_back({NodeKind::kComment, std::string(token->text), {}, {}});
        break;
      case TokenKind::kReplacement:
        out.push_back(make_replacement(token->text));
        break;
      case TokenKind::kOpen:
      case TokenKind::kOpenNegated: {
        TemplateNode node;
        node.kind = token->kind == TokenKind::kOpen ? NodeKind::kConditional
                                                    : NodeKind::kNegatedConditional;
        node.text = std::string(token->text);
        std::string_view key = token->text;
        if (depth >= kMaxSectionDepth) {
          return "Found '{{" + std::string(token->kind == TokenKind::kOpen ? "#" : "^") + node.text +
                 "}}' nested more than " + std::to_string(kMaxSectionDepth) + " sections deep";
        }
        if (auto error = parse_nodes(lexer, &key, depth + 1, node.children)) return error;
        out.push_back(std::move(node));
        break;
      }
      case TokenKind::kClose: {
        std::string closed(token->text);
        if (open_key == nullptr) {
          return "Found '{{/" + closed + "}}', but missing '{{#" + closed + "}}' or '{{^" +
                 closed + "}}'";
        }
        if (*open_key == token->text) return std::nullopt;
        return "Found '{{/" + closed + "}}', but expected '{{/" + std::string(*open_key) + "}}'";
      }
    }
  }
  if (open_key != nullptr) return "Missing '{{/" + std::string(*open_key) + "}}'";
  return std::nullopt;
}

bool nodes_render(const std::vector<TemplateNode>& nodes, const NameSet& nonempty,
                  bool check_negated) {
  for (const TemplateNode& node : nodes) {
    switch (node.kind) {
      case NodeKind::kText:
      case NodeKind::kComment:
        break;
      case NodeKind::kReplacement:
        if (nonempty.count(node.text)) return true;
        break;
      case NodeKind::kConditional:
        if (nonempty.count(node.text) && nodes_render(node.children, nonempty, check_negated)) {
          return true;
        }
        break;
      case NodeKind::kNegatedConditional:
        if (check_negated && nonempty.count(node.text)) break;
        if (nodes_render(node.children, nonempty, check_negated)) return true;
        break;
    }
  }
  return false;
}

}  // namespace

ParseResult parse_template(std::string_view text) {
  ParseResult result;
  Lexer lexer(text);
  result.error = parse_nodes(lexer, nullptr, 0, result.tmpl.nodes);
  if (result.error) result.tmpl.nodes.clear();
  return result;
}

bool template_renders(const ParsedTemplate& tmpl, const NameSet& nonempty, bool check_negated) {
  return nodes_render(tmpl.nodes, nonempty, check_negated);
}

}  // namespace ankc::native::rendering
