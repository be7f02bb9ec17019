// LaTeX extraction.
#include "backends/native/rendering/latex.h"

#include <openssl/evp.h>

#include "backends/native/rendering/blake3.h"
#include "backends/native/rendering/html_text.h"

namespace ankc::native::rendering {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::size_t find_ci(std::string_view text, std::string_view word, std::size_t from) {
  for (std::size_t i = from; i + word.size() <= text.size(); ++i) {
    bool same = true;
    for (std::size_t j = 0; j < word.size() && same; ++j) {
      same = ascii_lower(text[i + j]) == ascii_lower(word[j]);
    }
    if (same) return i;
  }
  return std::string_view::npos;
}

bool starts_with_ci(std::string_view text, std::size_t pos, std::string_view word) {
  return pos + word.size() <= text.size() && find_ci(text.substr(pos, word.size()), word, 0) == 0;
}

std::string sha1_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha1(), nullptr);
  return to_hex(digest, len);
}

// <br>, <br/> and <div> (any case) become newlines before the HTML is stripped.
std::string latex_newlines(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (starts_with_ci(text, i, "<br>")) {
      out.push_back('\n');
      i += 4;
    } else if (starts_with_ci(text, i, "<br/>")) {
      out.push_back('\n');
      i += 5;
    } else if (starts_with_ci(text, i, "<div>")) {
      out.push_back('\n');
      i += 5;
    } else {
      out.push_back(text[i]);
      ++i;
    }
  }
  return out;
}

struct LatexKind {
  std::string_view open;
  std::string_view close;
  std::string_view prefix;
  std::string_view suffix;
};

const LatexKind kKinds[] = {
    {"[latex]", "[/latex]", "", ""},
    {"[$]", "[/$]", "$", "$"},
    {"[$$]", "[/$$]", "\\begin{displaymath}", "\\end{displaymath}"},
};

}  // namespace

LatexExtraction extract_latex(std::string_view text, bool svg) {
  LatexExtraction result;
  std::size_t pos = 0;
  std::size_t copied = 0;
  while (pos < text.size()) {
    bool matched = false;
    for (const LatexKind& kind : kKinds) {
      if (!starts_with_ci(text, pos, kind.open)) continue;
      std::size_t body = pos + kind.open.size();
      // The body has at least one character; the closing tag is the first one after it.
      std::size_t close = body < text.size() ? find_ci(text, kind.close, body + 1)
                                              : std::string_view::npos;
      if (close == std::string_view::npos) continue;
      std::string latex = std::string(kind.prefix) +
                          std::string(text.substr(body, close - body)) + std::string(kind.suffix);
      std::string source = strip_html(latex_newlines(latex));
      std::string fname = "latex-" + sha1_hex(source) + (svg ? ".svg" : ".png");
      result.text.append(text.substr(copied, pos - copied));
      result.text += "<img class=latex alt=\"" + encode_attribute(source) + "\" src=\"" + fname +
                     "\">";
      result.filenames.push_back(fname);
      pos = close + kind.close.size();
      copied = pos;
      matched = true;
      break;
    }
    if (!matched) ++pos;
  }
  result.text.append(text.substr(copied));
  return result;
}

std::string render_latex(std::string_view text, bool svg,
                         const std::function<bool(const std::string&)>& media_has) {
  LatexExtraction extracted = extract_latex(text, svg);
  for (const std::string& fname : extracted.filenames) {
    if (!media_has || !media_has(fname)) {
      extracted.text += "LaTeX image generation is disabled in the preferences.";
      break;
    }
  }
  return extracted.text;
}

}  // namespace ankc::native::rendering
