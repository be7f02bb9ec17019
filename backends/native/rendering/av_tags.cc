// Parser and writer for [sound:…] and [anki:…] directives.
#include "backends/native/rendering/av_tags.h"

#include <utility>

#include "backends/native/rendering/html_text.h"

namespace ankc::native::rendering {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t skip_spaces(std::string_view s, std::size_t p) {
  while (p < s.size() && is_space(s[p])) ++p;
  return p;
}

// Length of the run at `p` of characters not in `stop`.
std::size_t run_without(std::string_view s, std::size_t p, std::string_view stop) {
  std::size_t q = p;
  while (q < s.size() && stop.find(s[q]) == std::string_view::npos) ++q;
  return q - p;
}

struct Directive {
  std::string_view name;
  std::vector<std::pair<std::string_view, std::string_view>> options;  // in written order
  std::string_view content;
};

// `[anki:NAME options]content[/anki:NAME]` at `pos`; returns the end, or npos.
std::size_t parse_directive(std::string_view s, std::size_t pos, Directive& out) {
  constexpr std::string_view kOpen = "[anki:";
  if (s.compare(pos, kOpen.size(), kOpen) != 0) return std::string_view::npos;
  std::size_t p = pos + kOpen.size();
  std::size_t name_len = run_without(s, p, "] \t\r\n");
  if (name_len == 0) return std::string_view::npos;
  out.name = s.substr(p, name_len);
  p = skip_spaces(s, p + name_len);
  out.options.clear();
  while (true) {
    std::size_t key_len = run_without(s, p, "] \t\r\n=");
    if (key_len == 0 || p + key_len >= s.size() || s[p + key_len] != '=') break;
    std::string_view key = s.substr(p, key_len);
    std::size_t v = p + key_len + 1;
    std::string_view value;
    std::size_t after;
    std::size_t quote_end = v < s.size() && s[v] == '"' ? s.find('"', v + 1) : std::string_view::npos;
    if (quote_end != std::string_view::npos) {
      value = s.substr(v + 1, quote_end - v - 1);
      after = quote_end + 1;
    } else {
      std::size_t len = run_without(s, v, "] \t\r\n\"");
      value = s.substr(v, len);
      after = v + len;
    }
    out.options.emplace_back(key, value);
    p = skip_spaces(s, after);
  }
  if (p >= s.size() || s[p] != ']') return std::string_view::npos;
  ++p;
  std::string closing = "[/anki:" + std::string(out.name) + "]";
  std::size_t close = s.find(closing, p);
  if (close == std::string_view::npos) return std::string_view::npos;
  out.content = s.substr(p, close - p);
  return close + closing.size();
}

void write_option(std::string& out, std::string_view key, std::string_view value) {
  bool quote = value.find_first_of("] \t\r\n") != std::string_view::npos;
  out += " ";
  out.append(key);
  out += quote ? "=\"" : "=";
  out.append(value);
  if (quote) out += "\"";
}

// Options with duplicate keys collapsed (the last value wins, at the first key's position).
std::vector<std::pair<std::string_view, std::string_view>> distinct_options(
    const std::vector<std::pair<std::string_view, std::string_view>>& options) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& [key, value] : options) {
    bool replaced = false;
    for (auto& existing : out) {
      if (existing.first == key) {
        existing.second = value;
        replaced = true;
      }
    }
    if (!replaced) out.emplace_back(key, value);
  }
  return out;
}

}  // namespace

AvExtraction extract_av_tags(std::string_view text, bool question_side) {
  AvExtraction result;
  std::string& out = result.text;
  const std::string side = question_side ? "q" : "a";
  bool text_only = true;
  std::size_t pos = 0;
  auto play_tag = [&]() {
    return "[anki:play:" + side + ":" + std::to_string(result.tags.size()) + "]";
  };
  while (pos < text.size()) {
    if (text.compare(pos, 7, "[sound:") == 0) {
      std::size_t len = run_without(text, pos + 7, "]");
      if (len > 0 && pos + 7 + len < text.size()) {
        text_only = false;
        out += play_tag();
        AvTag tag;
        tag.filename = decode_entities(text.substr(pos + 7, len));
        result.tags.push_back(std::move(tag));
        pos += 7 + len + 1;
        continue;
      }
    }
    Directive directive;
    std::size_t end = parse_directive(text, pos, directive);
    if (end != std::string_view::npos) {
      text_only = false;
      if (directive.name == "tts") {
        std::string_view lang;
        for (const auto& [key, value] : directive.options) {
          if (key == "lang") lang = value;
        }
        if (lang.empty()) {
          out += "[Error in directive 'anki:tts': 'lang' not set]";
        } else {
          out += play_tag();
          AvTag tag;
          tag.kind = AvTag::Kind::kTts;
          tag.lang = std::string(lang);
          tag.text = std::string(directive.content);
          result.tags.push_back(std::move(tag));
        }
      } else {
        out += "[anki:";
        out.append(directive.name);
        for (const auto& [key, value] : distinct_options(directive.options)) {
          write_option(out, key, value);
        }
        out += "]";
        out.append(directive.content);
        out += "[/anki:";
        out.append(directive.name);
        out += "]";
      }
      pos = end;
      continue;
    }
    // Text: one character, then up to the next '['.
    std::size_t next = text.find('[', pos + 1);
    if (next == std::string_view::npos) next = text.size();
    out.append(text.substr(pos, next - pos));
    pos = next;
  }
  if (text_only) result.text = std::string(text);
  return result;
}

}  // namespace ankc::native::rendering
