// The note type (notetype, "model") model: one notetypes row with its fields and templates rows, the
// protobuf configs decoded into plain members (collection-format.md §2.10, §4.2–§4.4). Storage
// converts rows ⇄ Notetype; schema11.h writes the legacy dict AnkiConnect returns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native {

enum class NotetypeKind : int32_t { Normal = 0, Cloze = 1 };

// Legacy card requirement (reqs), recomputed on every save (§8.16).
struct CardRequirement {
  enum class Kind : int32_t { None = 0, Any = 1, All = 2 };
  uint32_t card_ord = 0;
  Kind kind = Kind::None;
  std::vector<uint32_t> field_ords;  // ascending
  friend bool operator==(const CardRequirement&, const CardRequirement&) = default;
};

// A note field (fields row + Notetype.Field.Config).
struct NoteField {
  std::optional<uint32_t> ord;  // nullopt for a field not saved yet
  std::string name;
  bool sticky = false;
  bool rtl = false;
  std::string font_name = "Arial";
  uint32_t font_size = 20;
  std::string description;
  bool plain_text = false;
  bool collapsed = false;
  bool exclude_from_search = false;
  std::optional<int64_t> id;   // random 64-bit id
  std::optional<uint32_t> tag;  // special-field marker (cloze, image occlusion)
  bool prevent_deletion = false;
  std::string other;  // JSON of unknown legacy keys, or empty
};

// A card template (templates row + Notetype.Template.Config).
struct CardTemplate {
  std::optional<uint32_t> ord;
  std::string name;
  int64_t mtime_secs = 0;
  int32_t usn = 0;
  std::string q_format;
  std::string a_format;
  std::string q_format_browser;
  std::string a_format_browser;
  int64_t target_deck_id = 0;
  std::string browser_font_name;
  uint32_t browser_font_size = 0;
  std::optional<int64_t> id;
  std::string other;
};

struct Notetype {
  NotetypeId id;
  std::string name;
  TimestampSecs mtime;
  Usn usn;
  NotetypeKind kind = NotetypeKind::Normal;
  uint32_t sort_field_idx = 0;
  std::string css;
  int64_t target_deck_id_unused = 0;
  std::string latex_pre;
  std::string latex_post;
  bool latex_svg = false;
  std::vector<CardRequirement> reqs;
  int32_t original_stock_kind = 0;
  std::optional<int64_t> original_id;
  std::string other;
  std::vector<NoteField> fields;
  std::vector<CardTemplate> templates;

  bool is_cloze() const { return kind == NotetypeKind::Cloze; }
};

}  // namespace ankc::native
