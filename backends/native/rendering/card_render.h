// Renders a card's question and answer exactly as AnkiConnect's cardsInfo returns them
// (rendering.md §1): field map with special fields, question then answer template, the
// empty-front / missing-cloze explanation, {{FrontSide}}, A/V placeholders, LaTeX, and the
// "<style>CSS</style>" prefix; template syntax errors give the error HTML on both sides.
//
// This header also defines the plain input values shared with cardgen.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/rendering/av_tags.h"
#include "backends/native/rendering/template_render.h"

namespace ankc::native::rendering {

enum class NotetypeKind { kNormal, kCloze };

struct CardTemplate {
  std::string name;
  std::string qfmt;  // question format
  std::string afmt;  // answer format
};

// What rendering needs of a note type.
struct Notetype {
  std::string name;
  NotetypeKind kind = NotetypeKind::kNormal;
  std::vector<std::string> field_names;  // in field order
  std::vector<CardTemplate> templates;   // in template order (cloze: the first is used)
  std::string css;
  bool latex_svg = false;
};

// What rendering needs of a note.
struct Note {
  std::vector<std::string> fields;  // values in field order
  std::vector<std::string> tags;
};

// What rendering needs of a card.
struct Card {
  std::int64_t id = 0;
  std::uint16_t ord = 0;
  // Full name of the card's home deck (odid if in a filtered deck, else did), "::"-joined;
  // nullopt if that deck no longer exists.
  std::optional<std::string> deck_name;
  std::uint32_t flags = 0;  // the raw `flags` column
};

// Whether a media file exists (for LaTeX images); absent means "no file exists".
using MediaExists = std::function<bool(const std::string& filename)>;

struct RenderedCard {
  std::string question;        // "<style>CSS</style>" + question text: cardsInfo "question"
  std::string answer;          // likewise: cardsInfo "answer"
  std::string css;             // the CSS used in the prefix ("" after a template error)
  std::string question_text;   // without the style prefix
  std::string answer_text;
  std::vector<AvTag> question_av_tags;
  std::vector<AvTag> answer_av_tags;
  bool is_empty = false;        // the front was blank / the cloze is missing
  bool template_error = false;  // question and answer are the error HTML
};

// Builds the field map of rendering.md §2 (note fields, then special fields that no note field
// shadows, then c<ord+1> = "1").
FieldMap build_field_map(const Notetype& nt, const Note& note, const Card& card);

// Renders `card` of `note` as card.question()/card.answer() do for cardsInfo.
RenderedCard render_card(const Notetype& nt, const Note& note, const Card& card,
                         const MediaExists& media_exists = {});

}  // namespace ankc::native::rendering
