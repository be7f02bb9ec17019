// Unicode NFC normalisation, as Anki applies it to deck, notetype, field and template names.
//
// Backed by utf8proc (Debian libutf8proc-dev). Kept beside the deck rules because deck names were its
// first user; notetype names use it too.
#pragma once

#include <string>
#include <string_view>

namespace ankc::native {

// `utf8` in Normalisation Form C. Invalid UTF-8 is returned unchanged (Anki only ever sees valid text).
std::string to_nfc(std::string_view utf8);

// True when `utf8` is already in NFC (cheap pre-check for callers that want to avoid copies).
bool is_nfc(std::string_view utf8);

}  // namespace ankc::native
