#include "backends/native/dbcheck/field_text.h"

#include <openssl/sha.h>
#include <re2/re2.h>

#include "backends/native/rendering/html_text.h"

namespace ankc::native::dbcheck {
namespace {

// §8.4 step 1, written from the spec's description: a media tag name as a whole word, then any
// attributes (quoted strings may hold '>'), then src= or data= with a double-quoted, single-quoted
// or unquoted value, up to the end of the tag.
const RE2& media_tag() {
  static const RE2 re(
      "(?is)<\\b(?:img|audio|video|object|source)\\b"
      "(?:[^>\"']|\"[^\"]*?\"|'[^']*?')*?"
      "\\b(?:src|data)\\b="
      "(?:\"([^\"]+?)\"[^>]*>|'([^']+?)'[^>]*>|([^ >]+?)(?: [^>]*>|>))");
  return re;
}

}  // namespace

std::string stripped_field_text(std::string_view field_html) {
  std::string text(field_html);
  if (text.find('<') != std::string::npos) RE2::GlobalReplace(&text, media_tag(), " \\1\\2\\3 ");
  return rendering::strip_html(text);
}

uint32_t stripped_text_checksum(std::string_view stripped_text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(stripped_text.data()), stripped_text.size(), digest);
  return (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) | (uint32_t{digest[2]} << 8) | digest[3];
}

}  // namespace ankc::native::dbcheck
