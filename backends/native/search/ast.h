// The parsed form of a search (search.md §2): a flat list of nodes per group, with explicit
// and/or markers kept in place (no precedence; SQL's applies when written out), and one
// SearchTerm per leaf, already validated and unescaped as the parser leaves it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ankc::native::search {

enum class TermKind {
  WholeCollection,   // empty query
  UnqualifiedText,   // text
  NoCombining,       // nc:text
  StripClozes,       // sc:text
  Regex,             // re:text (raw)
  WordBoundary,      // w:text
  SingleField,       // field + text + field_mode
  Tag,               // text + field_mode (Normal / NoCombining / Regex)
  Deck,              // deck:text
  DeckIds,           // did:text (verbatim id list)
  Preset,            // preset:text (raw)
  Notetype,          // note:text
  NotetypeId,        // mid:number
  TemplateOrdinal,   // card:N -> number = ordinal
  TemplateName,      // card:text
  NoteIds,           // nid:text (verbatim)
  CardIds,           // cid:text (verbatim)
  Duplicates,        // dupe:number,text
  State,             // is:text (validated)
  Flag,              // flag:number
  Property,          // prop: -> property
  AddedInDays,       // number
  EditedInDays,      // number
  IntroducedInDays,  // number
  Rated,             // rated:/resched: -> number = days (>0 for rated), rating
  CustomData,        // has-cd:text
};

enum class FieldMode { Normal, Regex, NoCombining };

// Which revlog entries a rated:/resched:/prop:rated search counts.
enum class Rating { AnyButton, Button, ManualReschedule };

enum class PropKind { Interval, Due, Reps, Lapses, Ease, Position, Rated, Resched, Stability,
                      Difficulty, Retrievability, CustomNumber, CustomString };

struct Property {
  PropKind kind = PropKind::Interval;
  std::string op;        // one of <= >= != = < >
  int64_t integer = 0;   // ivl/reps/lapses/pos/due/rated/resched
  float real = 0;        // ease/s/d/r/cdn
  std::string key;       // cdn:/cds: key
  std::string text;      // cds: value (raw)
  Rating rating = Rating::AnyButton;
  int button = 0;
};

struct SearchTerm {
  TermKind kind = TermKind::WholeCollection;
  std::string text;
  std::string field;               // SingleField: the unescaped field name
  FieldMode mode = FieldMode::Normal;
  int64_t number = 0;
  Rating rating = Rating::AnyButton;
  int button = 0;
  Property prop;
};

struct Node {
  enum class Kind { And, Or, Not, Group, Search };
  Kind kind = Kind::Search;
  std::vector<Node> children;  // Group: the items; Not: exactly one
  SearchTerm term;             // Search
};

}  // namespace ankc::native::search
