// pprint.pformat(obj, width=w, sort_dicts=s) for JSON-shaped values: a port of the behaviour of
// CPython's PrettyPrinter (indent=1, compact=False) for str, list, dict and scalars. Widths are counted
// in code points, as Python's len() does.
#include <algorithm>
#include <boost/json.hpp>
#include <vector>

#include "compat/pyjson.h"

namespace ankc::pyjson {

namespace {

using Item = const boost::json::key_value_pair*;

// str.isspace(): what \s matches in a str pattern.
bool is_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

// Characters at which str.splitlines() breaks a line.
bool is_line_break(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E ||
         c == 0x85 || c == 0x2028 || c == 0x2029;
}

// str.splitlines(keepends=True).
std::vector<std::string> split_lines_keepends(std::string_view s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b > 0x0D && b < 0x1C) || (b >= 0x1F && b < 0x80)) {  // ASCII that never breaks a line
      ++i;
      continue;
    }
    const char32_t cp = next_code_point(s, i);
    if (!is_line_break(cp)) continue;
    if (cp == '\r' && i < s.size() && s[i] == '\n') ++i;
    lines.emplace_back(s.substr(start, i - start));
    start = i;
  }
  if (start < s.size()) lines.emplace_back(s.substr(start));
  return lines;
}

// re.findall(r'\S*\s*', line) without the final empty match.
std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t start = i;
    bool in_space = false;
    while (i < line.size()) {
      std::size_t j = i;
      const bool sp = is_space(next_code_point(line, j));
      if (!sp && in_space) break;
      in_space = in_space || sp;
      i = j;
    }
    parts.emplace_back(line.substr(start, i - start));
  }
  return parts;
}

long len(std::string_view s) { return static_cast<long>(code_point_count(s)); }

class Printer {
 public:
  Printer(bool sort_dicts, int width) : sort_(sort_dicts), width_(width) {}

  std::string out;

  void format(const boost::json::value& v, long indent, long allowance, int level) {
    const std::string rep = safe_repr(v);
    const long max_width = width_ - indent - allowance;
    if (len(rep) > max_width) {
      if (v.is_string()) return pprint_str(v.get_string(), indent, allowance, level + 1);
      if (v.is_array()) {
        out += '[';
        format_items(v.get_array(), indent, allowance + 1, level + 1);
        out += ']';
        return;
      }
      if (v.is_object()) {
        out += '{';
        format_dict_items(items(v.get_object()), indent, allowance + 1, level + 1);
        out += '}';
        return;
      }
    }
    out += rep;
  }

 private:
  std::vector<Item> items(const boost::json::object& o) const {
    std::vector<Item> its;
    for (const auto& kv : o) its.push_back(&kv);
    // Python compares str keys by code point; UTF-8 byte order is the same order.
    if (sort_) std::stable_sort(its.begin(), its.end(), [](Item a, Item b) { return a->key() < b->key(); });
    return its;
  }

  // PrettyPrinter._safe_repr: repr() with dict items sorted when sort_dicts.
  std::string safe_repr(const boost::json::value& v) const {
    if (v.is_array()) {
      std::string s = "[";
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) s += ", ";
        first = false;
        s += safe_repr(e);
      }
      return s + "]";
    }
    if (v.is_object()) {
      std::string s = "{";
      bool first = true;
      for (Item kv : items(v.get_object())) {
        if (!first) s += ", ";
        first = false;
        s += repr_str(kv->key());
        s += ": ";
        s += safe_repr(kv->value());
      }
      return s + "}";
    }
    return repr(v);
  }

  void pprint_str(std::string_view s, long indent, long allowance, int level) {
    if (s.empty()) {
      out += "''";
      return;
    }
    std::vector<std::string> chunks;
    const std::vector<std::string> lines = split_lines_keepends(s);
    if (level == 1) {
      indent += 1;
      allowance += 1;
    }
    long max_width1 = width_ - indent;
    const long max_width = max_width1;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string rep = repr_str(lines[i]);
      const bool last_line = i + 1 == lines.size();
      if (last_line) max_width1 -= allowance;
      if (len(rep) <= max_width1) {
        chunks.push_back(rep);
        continue;
      }
      const std::vector<std::string> parts = split_words(lines[i]);
      long max_width2 = max_width;
      std::string current;
      for (std::size_t j = 0; j < parts.size(); ++j) {
        const std::string candidate = current + parts[j];
        if (j + 1 == parts.size() && last_line) max_width2 -= allowance;
        if (len(repr_str(candidate)) > max_width2) {
          if (!current.empty()) chunks.push_back(repr_str(current));
          current = parts[j];
        } else {
          current = candidate;
        }
      }
      if (!current.empty()) chunks.push_back(repr_str(current));
    }
    if (chunks.size() == 1) {
      out += chunks[0];
      return;
    }
    if (level == 1) out += '(';
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      if (i > 0) {
        out += '\n';
        out.append(static_cast<std::size_t>(indent), ' ');
      }
      out += chunks[i];
    }
    if (level == 1) out += ')';
  }

  void format_items(const boost::json::array& arr, long indent, long allowance, int level) {
    indent += 1;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const bool last = i + 1 == arr.size();
      if (i > 0) {
        out += ",\n";
        out.append(static_cast<std::size_t>(indent), ' ');
      }
      format(arr[i], indent, last ? allowance : 1, level);
    }
  }

  void format_dict_items(const std::vector<Item>& its, long indent, long allowance, int level) {
    indent += 1;
    for (std::size_t i = 0; i < its.size(); ++i) {
      const bool last = i + 1 == its.size();
      const std::string rep = repr_str(its[i]->key());
      out += rep;
      out += ": ";
      format(its[i]->value(), indent + len(rep) + 2, last ? allowance : 1, level);
      if (!last) {
        out += ",\n";
        out.append(static_cast<std::size_t>(indent), ' ');
      }
    }
  }

  bool sort_;
  long width_;
};

}  // namespace

std::string pformat(const boost::json::value& v, bool sort_dicts, int width) {
  Printer p(sort_dicts, width);
  p.format(v, 0, 0, 0);
  return std::move(p.out);
}

}  // namespace ankc::pyjson
