// Text helpers shared by the template filters, cloze and LaTeX code (rendering.md §11, §2):
// stripping HTML, decoding HTML 4 entities (all-or-nothing), attribute/minimal encoding, the
// "is this field empty" test, and Unicode-aware whitespace trimming.
#pragma once

#include <string>
#include <string_view>

namespace ankc::native::rendering {

// Removes comments, <style>/<script> elements and every tag; entities are kept as written.
std::string strip_html_preserving_entities(std::string_view html);

// strip_html_preserving_entities followed by decode_entities (the `text` filter).
std::string strip_html(std::string_view html);

// Decodes &name; / &#123; / &#x1F; if the whole text decodes cleanly, turning U+00A0 into a space;
// returns the text unchanged when it has no '&' or any reference is malformed or unknown.
std::string decode_entities(std::string_view text);

// Encodes for an HTML attribute value: the five minimal entities, &#xHH; for every other
// non-alphanumeric code point below 256; code points from U+0100 up are copied.
std::string encode_attribute(std::string_view text);

// Encodes only " & ' < > (as &quot; &amp; &#x27; &lt; &gt;).
std::string encode_minimal(std::string_view text);

// True if the field holds only ASCII whitespace and empty <br>/<div> tags (rendering.md §2).
bool field_is_empty(std::string_view text);

// Trims Unicode White_Space from both ends / from the start (like Rust's str::trim).
std::string_view trim_unicode(std::string_view text);
std::string_view trim_start_unicode(std::string_view text);

// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

}  // namespace ankc::native::rendering
