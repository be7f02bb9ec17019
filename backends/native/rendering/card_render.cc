// The cardsInfo question/answer pipeline.
#include "backends/native/rendering/card_render.h"

#include <set>

#include "backends/native/rendering/cloze.h"
#include "backends/native/rendering/html_text.h"
#include "backends/native/rendering/latex.h"
#include "backends/native/rendering/template_parser.h"

namespace ankc::native::rendering {
namespace {

std::string template_error_html(bool question_side, const std::string& message) {
  return std::string(question_side ? "Front template has a problem:"
                                   : "Back template has a problem:") +
         "<br>" + encode_minimal(message) +
         "<br><a href='https://docs.ankiweb.net/templates/errors.html#template-syntax-error'>"
         "More information</a>";
}

std::string missing_cloze_html(unsigned cloze_number) {
  return "<div>No cloze " + std::to_string(cloze_number) +
         " found on card.\nPlease either add a cloze deletion, or use the Empty Cards tool."
         "<br><a href='https://docs.ankiweb.net/templates/errors.html"
         "#no-cloze-filter-on-cloze-note-type'>More information</a></div>";
}

std::string blank_front_html() {
  return "<div>The front of this card is blank.<br><a href='https://docs.ankiweb.net/templates/"
         "errors.html#front-of-card-is-blank'>More information</a></div>";
}

RenderedCard error_card(bool question_side, const std::string& message) {
  RenderedCard out;
  out.template_error = true;
  out.question_text = out.answer_text = template_error_html(question_side, message);
  out.question = out.answer = "<style></style>" + out.question_text;
  return out;
}

}  // namespace

FieldMap build_field_map(const Notetype& nt, const Note& note, const Card& card) {
  FieldMap map;
  for (std::size_t i = 0; i < note.fields.size(); ++i) {
    std::string name = i < nt.field_names.size() ? nt.field_names[i] : std::string();
    map[name] = note.fields[i];
  }
  std::string tags;
  for (const std::string& tag : note.tags) {
    if (!tags.empty()) tags.push_back(' ');
    tags += tag;
  }
  std::string deck = card.deck_name ? *card.deck_name : std::string("(Deck)");
  std::size_t sep = deck.rfind("::");
  std::string subdeck = sep == std::string::npos ? deck : deck.substr(sep + 2);
  const CardTemplate* tmpl = nullptr;
  if (nt.kind == NotetypeKind::kCloze) {
    if (!nt.templates.empty()) tmpl = &nt.templates.front();
  } else if (card.ord < nt.templates.size()) {
    tmpl = &nt.templates[card.ord];
  }
  map.emplace("Tags", tags);
  map.emplace("Type", nt.name);
  map.emplace("Subdeck", subdeck);
  map.emplace("Deck", deck);
  map.emplace("CardFlag", "flag" + std::to_string(card.flags));
  map.emplace("Card", tmpl ? tmpl->name : std::string());
  map.emplace("CardID", std::to_string(card.id));
  map.emplace("c" + std::to_string(card.ord + 1), "1");
  return map;
}

RenderedCard render_card(const Notetype& nt, const Note& note, const Card& card,
                         const MediaExists& media_exists) {
  const CardTemplate* tmpl = nullptr;
  if (nt.kind == NotetypeKind::kCloze) {
    if (!nt.templates.empty()) tmpl = &nt.templates.front();
  } else if (card.ord < nt.templates.size()) {
    tmpl = &nt.templates[card.ord];
  }
  if (tmpl == nullptr) return error_card(true, "missing template");

  const FieldMap fields = build_field_map(nt, note, card);
  const NameSet nonempty = nonempty_fields(fields);
  RenderContext ctx{&fields, &nonempty, card.ord, true};

  // Question side.
  ParseResult qparsed = parse_template(tmpl->qfmt);
  if (qparsed.error) return error_card(true, *qparsed.error);
  RenderResult qrendered = render_template(qparsed.tmpl, ctx);
  if (qrendered.error) return error_card(true, *qrendered.error);

  // Empty front / missing cloze: the answer is the explanation alone.
  std::optional<std::string> empty_message;
  if (nt.kind == NotetypeKind::kCloze) {
    std::set<std::uint16_t> numbers;
    for (const auto& [name, value] : fields) add_cloze_numbers(value, numbers);
    if (!numbers.count(static_cast<std::uint16_t>(card.ord + 1))) {
      empty_message = missing_cloze_html(card.ord + 1u);
    }
  } else if (!template_renders(qparsed.tmpl, nonempty)) {
    empty_message = blank_front_html();
  }

  RenderedCard out;
  std::string qtext = qrendered.output.join("");
  std::string atext;
  AvExtraction qav;
  if (empty_message) {
    out.is_empty = true;
    qav = extract_av_tags(qtext + *empty_message, true);
    atext = *empty_message;
  } else {
    ParseResult aparsed = parse_template(tmpl->afmt);
    if (aparsed.error) return error_card(false, *aparsed.error);
    ctx.question_side = false;
    RenderResult arendered = render_template(aparsed.tmpl, ctx);
    if (arendered.error) return error_card(false, *arendered.error);
    qav = extract_av_tags(qtext, true);
    atext = arendered.output.join(qav.text);
  }
  AvExtraction aav = extract_av_tags(atext, false);

  out.css = nt.css;
  out.question_text = render_latex(qav.text, nt.latex_svg, media_exists);
  out.answer_text = render_latex(aav.text, nt.latex_svg, media_exists);
  out.question_av_tags = std::move(qav.tags);
  out.answer_av_tags = std::move(aav.tags);
  out.question = "<style>" + out.css + "</style>" + out.question_text;
  out.answer = "<style>" + out.css + "</style>" + out.answer_text;
  return out;
}

}  // namespace ankc::native::rendering
