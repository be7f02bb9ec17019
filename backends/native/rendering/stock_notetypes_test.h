// Test fixtures: the six stock note types of rendering.md §12 / collection-format.md §7.3–7.4
// (English names), taken from collection/stock_notetypes (what a new collection holds; only this test
// binary links ankc_native_collection, the rendering library stays free of storage), and a helper that
// renders a card the way the §13 examples describe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/native/collection/random.h"
#include "backends/native/collection/stock_notetypes.h"
#include "backends/native/rendering/card_render.h"

namespace ankc::native::rendering::testing {

// rendering's view of a stock note type: what cards/render_input.h (to_render_notetype) makes of a stored one.
inline Notetype from_stock(pb::NotetypeConfig::OriginalStockKind kind) {
  SeededRandom random(1);  // field and template ids do not reach rendering
  StockNotetype stock = stock_notetype(kind, random);
  Notetype nt;
  nt.name = stock.name;
  nt.kind = stock.config.kind() == pb::NotetypeConfig::KIND_CLOZE ? NotetypeKind::kCloze : NotetypeKind::kNormal;
  for (const StockField& f : stock.fields) nt.field_names.push_back(f.name);
  for (const StockTemplate& t : stock.templates)
    nt.templates.push_back({t.name, t.config.q_format(), t.config.a_format()});
  nt.css = stock.config.css();
  nt.latex_svg = stock.config.latex_svg();
  return nt;
}

inline const std::string kStandardCss = ::ankc::native::kStandardCss;
inline const std::string kClozeCss = ::ankc::native::kClozeCss;
inline const std::string kImageOcclusionCss = ::ankc::native::kImageOcclusionCss;

inline Notetype basic() { return from_stock(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC); }
inline Notetype basic_and_reversed() {
  return from_stock(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_AND_REVERSED);
}
inline Notetype basic_optional_reversed() {
  return from_stock(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_OPTIONAL_REVERSED);
}
inline Notetype basic_type_in() { return from_stock(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_TYPING); }
inline Notetype cloze() { return from_stock(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_CLOZE); }
inline Notetype image_occlusion() { return from_stock(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_IMAGE_OCCLUSION); }

// A one-template normal note type named "Basic" with fields Front and Back.
// The answer format stays the stock one unless given.
inline Notetype basic_with(const std::string& qfmt, std::optional<std::string> afmt = std::nullopt) {
  Notetype nt = basic();
  nt.templates[0].qfmt = qfmt;
  if (afmt) nt.templates[0].afmt = *afmt;
  return nt;
}

// A cloze note type with the given question and answer templates.
inline Notetype cloze_with(const std::string& qfmt, const std::string& afmt) {
  Notetype nt = cloze();
  nt.templates[0].qfmt = qfmt;
  nt.templates[0].afmt = afmt;
  return nt;
}

// Renders card `ord` in deck "Default", unflagged.
inline RenderedCard render(const Notetype& nt, std::vector<std::string> fields,
                           std::uint16_t ord = 0, std::vector<std::string> tags = {}) {
  Note note{std::move(fields), std::move(tags)};
  Card card;
  card.id = 1700000000000;
  card.ord = ord;
  card.deck_name = "Default";
  return render_card(nt, note, card);
}

// The question/answer after the "<style>CSS</style>" prefix.
inline std::string question_body(const RenderedCard& c) { return c.question_text; }
inline std::string answer_body(const RenderedCard& c) { return c.answer_text; }

}  // namespace ankc::native::rendering::testing
