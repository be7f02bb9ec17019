// Cloze parsing and rendering.
#include "backends/native/rendering/cloze.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "backends/native/rendering/html_text.h"

namespace ankc::native::rendering {
namespace {

constexpr std::size_t kMaxOpenClozes = 10;
constexpr std::string_view kImageOcclusionPrefix = "image-occlusion:";

struct Cloze;

// A piece of field text: plain text, or a cloze with its own pieces.
struct ClozeNode {
  std::string_view text;
  std::unique_ptr<Cloze> cloze;  // set for clozes
};

struct Cloze {
  std::vector<std::uint16_t> ordinals;  // sorted, distinct
  std::vector<ClozeNode> nodes;
  std::optional<std::string_view> hint;

  bool has(std::uint16_t ord) const {
    return std::find(ordinals.begin(), ordinals.end(), ord) != ordinals.end();
  }
  std::string_view hint_or_dots() const { return hint ? *hint : std::string_view("..."); }
  // The text after "image-occlusion:" if the first piece starts with it.
  std::optional<std::string_view> image_occlusion() const {
    if (nodes.empty() || nodes.front().cloze) return std::nullopt;
    std::string_view t = nodes.front().text;
    if (t.substr(0, kImageOcclusionPrefix.size()) != kImageOcclusionPrefix) return std::nullopt;
    return t.substr(kImageOcclusionPrefix.size());
  }
};

// "{{c" digits/commas "::" at `pos`: fills the ordinals and the marker's length.
bool open_marker_at(std::string_view text, std::size_t pos, std::vector<std::uint16_t>& ordinals,
                    std::size_t& len) {
  if (text.compare(pos, 3, "{{c") != 0) return false;
  std::size_t p = pos + 3;
  std::size_t start = p;
  while (p < text.size() && ((text[p] >= '0' && text[p] <= '9') || text[p] == ',')) ++p;
  std::string_view digits = text.substr(start, p - start);
  std::vector<std::uint16_t> ords;
  std::size_t piece_start = 0;
  while (piece_start <= digits.size()) {
    std::size_t comma = digits.find(',', piece_start);
    if (comma == std::string_view::npos) comma = digits.size();
    std::string_view piece = digits.substr(piece_start, comma - piece_start);
    if (!piece.empty()) {
      std::uint32_t value = 0;
      bool fits = true;
      for (char c : piece) {
        value = value * 10 + (c - '0');
        if (value > 0xFFFF) {
          fits = false;
          break;
        }
      }
      if (fits) ords.push_back(static_cast<std::uint16_t>(value));
    }
    piece_start = comma + 1;
  }
  if (ords.empty()) return false;
  if (text.compare(p, 2, "::") != 0) return false;
  std::sort(ords.begin(), ords.end());
  ords.erase(std::unique(ords.begin(), ords.end()), ords.end());
  ordinals = std::move(ords);
  len = p + 2 - pos;
  return true;
}

// Parses field text into top-level pieces. Clozes still open at the end are dropped.
std::vector<ClozeNode> parse_clozes(std::string_view text) {
  std::vector<ClozeNode> output;
  std::vector<std::unique_ptr<Cloze>> open;
  std::size_t pos = 0;
  auto add_text = [&](std::string_view piece) {
    if (!open.empty()) {
      Cloze& cloze = *open.back();
      if (piece.substr(0, kImageOcclusionPrefix.size()) != kImageOcclusionPrefix) {
        std::size_t sep = piece.find("::");
        if (sep != std::string_view::npos) {
          cloze.hint = piece.substr(sep + 2);
          piece = piece.substr(0, sep);
        }
      }
      cloze.nodes.push_back({piece, nullptr});
    } else {
      output.push_back({piece, nullptr});
    }
  };
  while (pos < text.size()) {
    std::vector<std::uint16_t> ordinals;
    std::size_t len = 0;
    if (open_marker_at(text, pos, ordinals, len)) {
      if (open.size() < kMaxOpenClozes) {
        auto cloze = std::make_unique<Cloze>();
        cloze->ordinals = std::move(ordinals);
        open.push_back(std::move(cloze));
      }
      pos += len;
      continue;
    }
    if (text.compare(pos, 2, "}}") == 0) {
      if (open.empty()) {
        output.push_back({text.substr(pos, 2), nullptr});
      } else {
        std::unique_ptr<Cloze> done = std::move(open.back());
        open.pop_back();
        std::vector<ClozeNode>& target = open.empty() ? output : open.back()->nodes;
        target.push_back({{}, std::move(done)});
      }
      pos += 2;
      continue;
    }
    // Plain text up to the next position where a marker starts.
    std::size_t end = pos + 1;
    while (end < text.size()) {
      std::vector<std::uint16_t> ignored;
      std::size_t ignored_len;
      if (text.compare(end, 2, "}}") == 0 || open_marker_at(text, end, ignored, ignored_len)) break;
      ++end;
    }
    add_text(text.substr(pos, end - pos));
    pos = end;
  }
  return output;
}

std::string ordinals_string(const std::vector<std::uint16_t>& ordinals) {
  std::string out;
  for (std::size_t i = 0; i < ordinals.size(); ++i) {
    if (i) out.push_back(',');
    out += std::to_string(ordinals[i]);
  }
  return out;
}

// The cloze's content with all nested cloze markup removed.
std::string plain_content(const Cloze& cloze) {
  std::string out;
  for (const ClozeNode& node : cloze.nodes) {
    if (node.cloze) {
      out += plain_content(*node.cloze);
    } else {
      out.append(node.text);
    }
  }
  return out;
}

bool empty_or_zero(std::string_view v) { return v.empty() || v == "0"; }

// Parses "shape:name=value:name=value" where values escape '\' and ':' with a backslash.
// Parsing stops at the first malformed property.
void image_occlusion_attributes(std::string_view text, std::string& out) {
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return;
  std::string_view shape = text.substr(0, colon);
  if (shape == "rect" || shape == "ellipse" || shape == "polygon" || shape == "text") {
    out += "data-shape=\"" + std::string(shape) + "\" ";
  }
  std::size_t pos = colon;
  while (pos < text.size() && text[pos] == ':') {
    std::size_t eq = text.find('=', pos + 1);
    if (eq == std::string_view::npos || eq == pos + 1) break;
    std::string name(text.substr(pos + 1, eq - pos - 1));
    std::string value;
    std::size_t p = eq + 1;
    bool ok = true;
    while (p < text.size() && text[p] != ':') {
      if (text[p] == '\\') {
        if (p + 1 < text.size() && (text[p + 1] == '\\' || text[p + 1] == ':')) {
          value.push_back(text[p + 1]);
          p += 2;
          continue;
        }
        ok = false;
        break;
      }
      value.push_back(text[p]);
      ++p;
    }
    // An empty value is only accepted at the very end of the text.
    if (!ok || (value.empty() && p < text.size())) break;
    pos = p;
    if (name == "left" || name == "top" || name == "angle" || name == "fill") {
      if (!value.empty()) out += "data-" + name + "=\"" + value + "\" ";
    } else if (name == "width" || name == "height" || name == "rx" || name == "ry" ||
               name == "scale") {
      if (!empty_or_zero(value)) out += "data-" + name + "=\"" + value + "\" ";
    } else if (name == "points") {
      std::string points;
      std::size_t start = 0;
      while (start <= value.size() && !value.empty()) {
        std::size_t space = value.find(' ', start);
        if (space == std::string::npos) space = value.size();
        std::string pair = value.substr(start, space - start);
        if (pair.find(',') != std::string::npos) points += pair + " ";
        start = space + 1;
      }
      if (!points.empty()) points.pop_back();
      if (!points.empty()) out += "data-points=\"" + points + "\" ";
    } else if (name == "oi") {
      if (!value.empty()) out += "data-occludeInactive=\"" + value + "\" ";
    } else if (name == "text") {
      if (!value.empty()) out += "data-text=\"" + encode_attribute(value) + "\" ";
    } else if (name == "fs") {
      if (!value.empty()) out += "data-font-size=\"" + value + "\" ";
    }
  }
}

std::string render_image_occlusion(std::string_view text, bool question_side, bool active,
                                   const std::vector<std::uint16_t>& ordinals) {
  bool has_zero = std::find(ordinals.begin(), ordinals.end(), 0) != ordinals.end();
  std::string cls;
  if ((question_side && active) || has_zero) {
    cls = "cloze";
  } else if (!active) {
    cls = "cloze-inactive";
  } else {
    cls = "cloze-highlight";
  }
  std::string out = "<div class=\"" + cls + "\" data-ordinal=\"" + ordinals_string(ordinals) + "\" ";
  image_occlusion_attributes(text, out);
  out += "></div>";
  return out;
}

void reveal(const Cloze& cloze, std::uint16_t ord, bool question_side, bool& found,
            std::string& out);

void reveal_children(const Cloze& cloze, std::uint16_t ord, bool question_side, bool& found,
                     std::string& out) {
  for (const ClozeNode& node : cloze.nodes) {
    if (node.cloze) {
      reveal(*node.cloze, ord, question_side, found, out);
    } else {
      out.append(node.text);
    }
  }
}

void reveal(const Cloze& cloze, std::uint16_t ord, bool question_side, bool& found,
            std::string& out) {
  bool active = cloze.has(ord);
  found = found || active;
  if (auto shape = cloze.image_occlusion()) {
    out += render_image_occlusion(*shape, question_side, active, cloze.ordinals);
    return;
  }
  std::string ords = ordinals_string(cloze.ordinals);
  if (active && question_side) {
    std::string content;
    reveal_children(cloze, ord, question_side, found, content);
    out += "<span class=\"cloze\" data-cloze=\"" + encode_attribute(content) + "\" data-ordinal=\"" +
           ords + "\">[";
    out.append(cloze.hint_or_dots());
    out += "]</span>";
  } else {
    out += active ? "<span class=\"cloze\" data-ordinal=\"" : "<span class=\"cloze-inactive\" data-ordinal=\"";
    out += ords + "\">";
    reveal_children(cloze, ord, question_side, found, out);
    out += "</span>";
  }
}

// `\(` or `\[` … shortest … `\)` or `\]`: HTML tags inside are removed (entities kept).
std::string strip_html_inside_mathjax(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = pos;
    while (open + 1 < text.size() &&
           !(text[open] == '\\' && (text[open + 1] == '(' || text[open + 1] == '['))) {
      ++open;
    }
    if (open + 1 >= text.size()) break;
    std::size_t close = open + 2;
    while (close + 1 < text.size() &&
           !(text[close] == '\\' && (text[close + 1] == ')' || text[close + 1] == ']'))) {
      ++close;
    }
    if (close + 1 >= text.size()) break;
    out.append(text.substr(pos, open + 2 - pos));
    out += strip_html_preserving_entities(text.substr(open + 2, close - open - 2));
    out.append(text.substr(close, 2));
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

void collect_only(const Cloze& cloze, std::uint16_t ord, bool question_side,
                  std::vector<std::string>& out) {
  if (cloze.has(ord)) {
    out.push_back(question_side ? std::string(cloze.hint_or_dots()) : plain_content(cloze));
  }
  for (const ClozeNode& node : cloze.nodes) {
    if (node.cloze) collect_only(*node.cloze, ord, question_side, out);
  }
}

void collect_numbers(const std::vector<ClozeNode>& nodes, std::set<std::uint16_t>& out) {
  for (const ClozeNode& node : nodes) {
    if (!node.cloze) continue;
    for (std::uint16_t ord : node.cloze->ordinals) {
      if (ord != 0) out.insert(ord);
    }
    collect_numbers(node.cloze->nodes, out);
  }
}

}  // namespace

std::string cloze_filter(std::string_view text, std::uint16_t cloze_ord, bool question_side) {
  std::string out;
  bool found = false;
  for (const ClozeNode& node : parse_clozes(text)) {
    if (node.cloze) {
      reveal(*node.cloze, cloze_ord, question_side, found, out);
    } else {
      out.append(node.text);
    }
  }
  if (!found) return "";
  return strip_html_inside_mathjax(out);
}

std::string cloze_only_filter(std::string_view text, std::uint16_t cloze_ord, bool question_side) {
  std::vector<std::string> pieces;
  for (const ClozeNode& node : parse_clozes(text)) {
    if (node.cloze) collect_only(*node.cloze, cloze_ord, question_side, pieces);
  }
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i) out += ", ";
    out += pieces[i];
  }
  return out;
}

void add_cloze_numbers(std::string_view text, std::set<std::uint16_t>& out) {
  collect_numbers(parse_clozes(text), out);
}

std::set<std::uint16_t> cloze_numbers(std::string_view text) {
  std::set<std::uint16_t> out;
  add_cloze_numbers(text, out);
  return out;
}

}  // namespace ankc::native::rendering
