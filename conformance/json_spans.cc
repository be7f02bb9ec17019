#include "conformance/json_spans.h"

namespace ankc::conformance {

namespace {

class Reader {
 public:
  explicit Reader(std::string_view t) : t_(t) {}

  bool value(SpanNode& node, int depth) {
    if (depth > 512) return false;
    skip_ws();
    if (i_ >= t_.size()) return false;
    node.begin = i_;
    char c = t_[i_];
    bool ok;
    if (c == '{') {
      node.type = SpanNode::Type::object;
      ok = object(node, depth);
    } else if (c == '[') {
      node.type = SpanNode::Type::array;
      ok = array(node, depth);
    } else if (c == '"') {
      node.type = SpanNode::Type::string;
      ok = string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      node.type = SpanNode::Type::number;
      ok = number();
    } else {
      node.type = SpanNode::Type::literal;
      ok = literal();
    }
    node.end = i_;
    return ok;
  }

  bool at_end() {
    skip_ws();
    return i_ == t_.size();
  }

 private:
  void skip_ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
  }

  bool object(SpanNode& node, int depth) {
    ++i_;  // '{'
    skip_ws();
    if (i_ < t_.size() && t_[i_] == '}') {
      ++i_;
      return true;
    }
    while (true) {
      skip_ws();
      if (i_ >= t_.size() || t_[i_] != '"') return false;
      SpanNode member;
      member.key_begin = i_;
      if (!string()) return false;
      member.key_end = i_;
      member.key = std::string(t_.substr(member.key_begin + 1, member.key_end - member.key_begin - 2));
      skip_ws();
      if (i_ >= t_.size() || t_[i_] != ':') return false;
      ++i_;
      if (!value(member, depth + 1)) return false;
      node.children.push_back(std::move(member));
      skip_ws();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < t_.size() && t_[i_] == '}') {
        ++i_;
        return true;
      }
      return false;
    }
  }

  bool array(SpanNode& node, int depth) {
    ++i_;  // '['
    skip_ws();
    if (i_ < t_.size() && t_[i_] == ']') {
      ++i_;
      return true;
    }
    while (true) {
      SpanNode item;
      if (!value(item, depth + 1)) return false;
      node.children.push_back(std::move(item));
      skip_ws();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < t_.size() && t_[i_] == ']') {
        ++i_;
        return true;
      }
      return false;
    }
  }

  bool string() {
    ++i_;  // opening quote
    while (i_ < t_.size()) {
      char c = t_[i_++];
      if (c == '\\') {
        if (i_ >= t_.size()) return false;
        ++i_;
      } else if (c == '"') {
        return true;
      }
    }
    return false;
  }

  bool number() {
    if (t_.substr(i_, 9) == "-Infinity") {
      i_ += 9;
      return true;
    }
    std::size_t start = i_;
    while (i_ < t_.size()) {
      char c = t_[i_];
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')
        ++i_;
      else
        break;
    }
    return i_ > start;
  }

  bool literal() {
    for (std::string_view word : {"true", "false", "null", "NaN", "Infinity"}) {
      if (t_.substr(i_, word.size()) == word) {
        i_ += word.size();
        return true;
      }
    }
    return false;
  }

  std::string_view t_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<SpanNode> parse_spans(std::string_view text) {
  Reader reader(text);
  SpanNode root;
  if (!reader.value(root, 0) || !reader.at_end()) return std::nullopt;
  return root;
}

bool is_integer_token(std::string_view token) {
  std::size_t i = (!token.empty() && token[0] == '-') ? 1 : 0;
  if (i >= token.size()) return false;
  for (; i < token.size(); ++i)
    if (token[i] < '0' || token[i] > '9') return false;
  return true;
}

}  // namespace ankc::conformance
