// Fuzzes the card template language: the parser, the "renders anything" test, card generation and
// the whole card renderer (filters, cloze, A/V tags, LaTeX, {{FrontSide}}). The input is split at NUL
// bytes into question format, answer format, and field values; the first byte picks normal or cloze.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/rendering/card_render.h"
#include "backends/native/rendering/cardgen.h"
#include "backends/native/rendering/template_parser.h"

namespace rendering = ankc::native::rendering;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  bool cloze = data[0] & 1;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t end = rest.find('\0', start);
    parts.emplace_back(rest.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  while (parts.size() < 4) parts.emplace_back();

  rendering::ParseResult parsed = rendering::parse_template(parts[0]);
  if (!parsed.error) rendering::template_renders(parsed.tmpl, {"Front", "Text"});

  rendering::Notetype nt;
  nt.name = cloze ? "Cloze" : "Basic";
  nt.kind = cloze ? rendering::NotetypeKind::kCloze : rendering::NotetypeKind::kNormal;
  nt.field_names = cloze ? std::vector<std::string>{"Text", "Back Extra"} : std::vector<std::string>{"Front", "Back"};
  nt.templates.push_back({"Card 1", parts[0], parts[1]});
  nt.css = ".card {}";
  nt.latex_svg = data[0] & 2;
  rendering::Note note;
  note.fields = {parts[2], parts[3]};
  note.tags = {"tag"};
  for (uint16_t ord : rendering::card_ords_for_note(nt, note)) {
    rendering::Card card{1, ord, std::string("Default"), 0};
    rendering::render_card(nt, note, card, [](const std::string&) { return false; });
    if (ord > 3) break;
  }
  rendering::Card first{1, 0, std::nullopt, 0};
  rendering::render_card(nt, note, first);
  return 0;
}
