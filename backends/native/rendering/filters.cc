// Built-in filters.
#include "backends/native/rendering/filters.h"

#include "backends/native/rendering/blake3.h"
#include "backends/native/rendering/cloze.h"
#include "backends/native/rendering/html_text.h"

namespace ankc::native::rendering {
namespace {

enum class RubyPart { kBoth, kReading, kBase };

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t hit = text.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(text.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
  }
  out.append(text.substr(pos));
  return out;
}

// Matches ` ?BASE[READING]` at `pos`: BASE a shortest non-empty run without space or '>', READING
// a shortest non-empty run without newline. Returns the match end, or npos.
std::size_t ruby_match(std::string_view s, std::size_t pos, std::size_t& base_start,
                       std::size_t& bracket, std::size_t& close) {
  std::size_t p = pos;
  if (s[p] == ' ') ++p;
  base_start = p;
  for (std::size_t k = p + 1; k < s.size(); ++k) {
    char c = s[k - 1];
    if (c == ' ' || c == '>') return std::string_view::npos;  // the base may not contain these
    if (s[k] != '[') continue;
    // Reading: at least one character, then up to the first ']' on the same line.
    if (k + 1 >= s.size() || s[k + 1] == '\n') continue;
    // The first reading character may be multi-byte; find ']' after it.
    std::size_t first_end = k + 2;
    while (first_end < s.size() && (static_cast<unsigned char>(s[first_end]) & 0xC0) == 0x80) {
      ++first_end;
    }
    std::size_t end = first_end;
    while (end < s.size() && s[end] != ']' && s[end] != '\n') ++end;
    if (end >= s.size() || s[end] != ']') continue;
    bracket = k;
    close = end;
    return end + 1;
  }
  return std::string_view::npos;
}

std::string ruby_filter(std::string_view input, RubyPart part) {
  std::string text = replace_all(input, "&nbsp;", " ");
  std::string_view s = text;
  std::string out;
  std::size_t pos = 0;
  std::size_t copied = 0;
  while (pos < s.size()) {
    std::size_t base_start, bracket, close;
    std::size_t end = ruby_match(s, pos, base_start, bracket, close);
    if (end == std::string_view::npos) {
      ++pos;
      continue;
    }
    std::string_view base = s.substr(base_start, bracket - base_start);
    std::string_view reading = s.substr(bracket + 1, close - bracket - 1);
    out.append(s.substr(copied, pos - copied));
    if (reading.substr(0, 6) == "sound:") {
      out.append(s.substr(pos, end - pos));
    } else if (part == RubyPart::kBoth) {
      out += "<ruby><rb>" + std::string(base) + "</rb><rt>" + std::string(reading) + "</rt></ruby>";
    } else if (part == RubyPart::kReading) {
      out.append(reading);
    } else {
      out.append(base);
    }
    pos = end;
    copied = end;
  }
  out.append(s.substr(copied));
  return out;
}

std::string tts_filter(std::string_view options, std::string_view text) {
  return "[anki:tts lang=" + std::string(options) + "]" + std::string(text) + "[/anki:tts]";
}

// Applies one filter; false if the name is not a built-in filter.
bool apply_one(std::string_view name, std::string& text, std::string_view field,
               const FilterContext& ctx) {
  if (name.empty()) return true;
  if (name == "text") {
    text = strip_html(text);
  } else if (name == "furigana") {
    text = furigana_filter(text);
  } else if (name == "kana") {
    text = kana_filter(text);
  } else if (name == "kanji") {
    text = kanji_filter(text);
  } else if (name == "type") {
    text = "[[type:" + std::string(field) + "]]";
  } else if (name == "type-cloze") {
    text = "[[type:cloze:" + std::string(field) + "]]";
  } else if (name == "type-nc") {
    text = "[[type:nc:" + std::string(field) + "]]";
  } else if (name == "hint") {
    text = hint_filter(text, field);
  } else if (name == "cloze") {
    text = cloze_filter(text, static_cast<std::uint16_t>(ctx.card_ord + 1), ctx.question_side);
  } else if (name == "cloze-only") {
    text = cloze_only_filter(text, static_cast<std::uint16_t>(ctx.card_ord + 1), ctx.question_side);
  } else if (name.substr(0, 4) == "tts ") {
    text = tts_filter(name.substr(4), text);
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string furigana_filter(std::string_view text) { return ruby_filter(text, RubyPart::kBoth); }
std::string kana_filter(std::string_view text) { return ruby_filter(text, RubyPart::kReading); }
std::string kanji_filter(std::string_view text) { return ruby_filter(text, RubyPart::kBase); }

std::string hint_filter(std::string_view text, std::string_view field_name) {
  if (trim_unicode(text).empty()) return std::string(text);
  std::string input(text);
  input.append(field_name);
  auto digest = blake3(input);
  std::string id = to_hex(digest.data(), 8);
  std::string out;
  out += "\n<a class=hint href=\"#\"\nonclick=\"this.style.display='none';\n";
  out += "document.getElementById('hint" + id + "').style.display='block';\n";
  out += "return false;\" draggable=false>\n";
  out.append(field_name);
  out += "</a>\n<div id=\"hint" + id + "\" class=hint style=\"display: none\">";
  out.append(text);
  out += "</div>\n";
  return out;
}

std::string apply_filters(std::string text, const std::vector<std::string>& filters,
                          std::string_view field_name, const FilterContext& ctx) {
  // type:cloze and type:nc are single filters; any other chain ending in `type` is just `type`.
  static const std::vector<std::string> kTypeCloze = {"type-cloze"};
  static const std::vector<std::string> kTypeNc = {"type-nc"};
  static const std::vector<std::string> kType = {"type"};
  const std::vector<std::string>* chain = &filters;
  if (filters.size() == 2 && filters[0] == "cloze" && filters[1] == "type") {
    chain = &kTypeCloze;
  } else if (filters.size() == 2 && filters[0] == "nc" && filters[1] == "type") {
    chain = &kTypeNc;
  } else if (!filters.empty() && filters.back() == "type") {
    chain = &kType;
  }
  for (const std::string& name : *chain) {
    if (!apply_one(name, text, field_name, ctx)) break;  // handed to add-ons: no-op
  }
  return text;
}

}  // namespace ankc::native::rendering
