#include "backends/native/notes/note_text.h"

#include <openssl/evp.h>
#include <re2/re2.h>

#include <algorithm>

#include "backends/native/decks/nfc.h"
#include "backends/native/rendering/html_text.h"

namespace ankc::native {

namespace {

bool is_dropped_control(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t' && c != '\n') || u == 0x7f;
}

}  // namespace

std::string normalize_field(std::string_view field, bool normalize_text) {
  std::string out;
  if (std::none_of(field.begin(), field.end(), is_dropped_control)) {
    out.assign(field);
  } else {
    out.reserve(field.size());
    for (char c : field)
      if (!is_dropped_control(c)) out.push_back(c);
  }
  if (normalize_text) return to_nfc(out);
  return out;
}

std::string join_fields(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back('\x1f');
    out += fields[i];
  }
  return out;
}

std::vector<std::string> split_fields(std::string_view flds) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = flds.find('\x1f', start);
    if (pos == std::string_view::npos) {
      out.emplace_back(flds.substr(start));
      return out;
    }
    out.emplace_back(flds.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string strip_html_preserving_media_filenames(std::string_view html) {
  // An img/audio/video/object/source tag with a src= or data= attribute becomes " value ".
  static const RE2 kMediaTag(
      R"re((?si)<\b(?:img|audio|video|object|source)\b(?:[^>]|"[^"]+?"|'[^']+?')+?\b(?:src|data)\b=(?:"([^"]+?)"[^>]*>|'([^']+?)'[^>]*>|([^ >]+?)(?: [^>]*>|>)))re");
  std::string text(html);
  if (text.find('<') != std::string::npos) RE2::GlobalReplace(&text, kMediaTag, " \\1\\2\\3 ");
  std::string stripped = rendering::strip_html_preserving_entities(text);
  if (stripped.find('&') == std::string::npos) return stripped;
  return rendering::decode_entities(stripped);
}

uint32_t field_checksum_of_text(std::string_view text) {
  // OpenSSL 3's one-shot SHA1() looks the algorithm up on every call; fetch it once.
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md, &len, sha1, nullptr);
  return (uint32_t(md[0]) << 24) | (uint32_t(md[1]) << 16) | (uint32_t(md[2]) << 8) | uint32_t(md[3]);
}

uint32_t field_checksum(std::string_view field0) {
  return field_checksum_of_text(strip_html_preserving_media_filenames(field0));
}

std::string_view trim_whitespace(std::string_view s) { return rendering::trim_unicode(s); }

}  // namespace ankc::native
