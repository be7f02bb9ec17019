// The six stock notetypes Anki puts in a new collection (spec §7.3-§7.4), in creation order:
// Basic, Basic (and reversed card), Basic (optional reversed card), Basic (type in the answer),
// Cloze, Image Occlusion. English names; field/template ids drawn from the Random given.
#pragma once

#include <string>
#include <vector>

#include "backends/native/collection/random.h"
#include "backends/native/proto/notetype_config.pb.h"

namespace ankc::native {

struct StockField {
  std::string name;
  pb::FieldConfig config;
};

struct StockTemplate {
  std::string name;
  pb::TemplateConfig config;
};

struct StockNotetype {
  std::string name;
  pb::NotetypeConfig config;  // reqs filled in
  std::vector<StockField> fields;
  std::vector<StockTemplate> templates;
};

// How originalStockKind is numbered: Anki 2.1.62-25.09.x wrote 1,1,2,3,5,6 for the six types (the
// baseline AnkiConnect deployment, and the yanki-connect fixture); Anki 26.05+ writes 1..6 (§7.3).
enum class StockKindNumbering { kAnki2509, kAnki2605 };

// All six, in creation order.
std::vector<StockNotetype> stock_notetypes(Random& random,
                                           StockKindNumbering numbering = StockKindNumbering::kAnki2509);
// One stock notetype by its kind (BASIC .. IMAGE_OCCLUSION); config.original_stock_kind follows numbering.
StockNotetype stock_notetype(pb::NotetypeConfig::OriginalStockKind kind, Random& random,
                             StockKindNumbering numbering = StockKindNumbering::kAnki2509);
// A new field as Anki's models.new_field() makes it: Arial 20, random id, everything else default.
pb::FieldConfig new_field_config(Random& random);
// A new template config with a random id and the given formats.
pb::TemplateConfig new_template_config(Random& random, const std::string& qfmt, const std::string& afmt);

// The exact texts of §7.4.
extern const char* const kStandardCss;
extern const char* const kClozeCss;
extern const char* const kImageOcclusionCss;
extern const char* const kLatexPre;
extern const char* const kLatexPost;

}  // namespace ankc::native
