// Sound and TTS tags (rendering.md §8): after rendering, [sound:NAME] and [anki:tts …]…[/anki:tts]
// become [anki:play:q:N] / [anki:play:a:N] placeholders, as cardsInfo's question/answer show them.
// Other [anki:NAME …]…[/anki:NAME] directives are re-emitted in normalized form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::rendering {

struct AvTag {
  enum class Kind { kSound, kTts };
  Kind kind = Kind::kSound;
  std::string filename;  // kSound: the file name, entities decoded
  std::string lang;      // kTts
  std::string text;      // kTts: the raw content between the tags
};

struct AvExtraction {
  std::string text;         // the input with play placeholders
  std::vector<AvTag> tags;  // in placeholder order
};

// Replaces sound and tts tags on the question (`q`) or answer (`a`) side, numbering from 0.
// Text without any tag or directive is returned byte-for-byte unchanged.
AvExtraction extract_av_tags(std::string_view text, bool question_side);

}  // namespace ankc::native::rendering
