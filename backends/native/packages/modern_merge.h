// The merge step of current Anki's package importer (rslib import_export/package/apkg/import/*), used
// for latest-format packages: copies a source collection's note types, notes, deck presets, decks,
// cards and revlog into the destination.
// - Note types by id: missing → added with their id; same id and same schema (field and template
//   names) → updated when the package's is newer; same id, other schema → added under a new id and
//   the package's notes follow it. A name already taken by another note type gets "+" appended.
// - Notes by guid: new → added (id +999 until free); existing with the same note type → updated when
//   the package's is newer (else a duplicate, left alone); existing with another note type → a
//   conflict, left alone.
// - Decks by name (case-insensitive): same kind → updated (description, preset); else added, with "+"
//   when the name is held by a deck of the other kind; filtered decks become normal without scheduling.
// - Cards of imported notes whose (note, template) is new; review dates shifted to the destination's
//   day numbering. Revlog of imported cards, each entry once (by id).
// - Media references in imported fields are rewritten through MediaUse (renamed files).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backends/native/packages/progress.h"
#include "backends/native/collection/clock.h"
#include "backends/native/storage/ids.h"

namespace ankc::native {
namespace storage { class Db; }

namespace packages {

struct ImportOptions {
  // Keep cards' scheduling, revlog and filtered decks (else cards arrive new, no revlog).
  bool with_scheduling = true;
  // Bring the decks' option presets (else imported decks use preset 1).
  bool with_deck_configs = true;
  // Update notes / note types when the package's copy is newer (Anki's "if newer" default).
  bool update_notes = true;
  bool update_notetypes = true;
  // The import's stages and media files as they go (packages/progress.h).
  Progress progress;
};

// What an import did, for the CLI's summary and the logs.
struct ImportSummary {
  int64_t notes_added = 0;
  int64_t notes_updated = 0;
  int64_t notes_duplicate = 0;    // same guid, not newer: left alone
  int64_t notes_conflicting = 0;  // same guid, another note type: left alone
  int64_t cards_added = 0;
  int64_t revlog_added = 0;
  int64_t notetypes_added = 0;
  int64_t decks_added = 0;
  int64_t media_added = 0;
  std::string package_version;
};

// Resolves a media reference found in an imported field: the name to write instead (a file renamed
// on a clash), or nullopt to leave it; also records that the file is used.
using MediaUse = std::function<std::optional<std::string>(const std::string&)>;

class ModernMerge {
 public:
  // src: the package's collection (schema 18); dst: the profile's, inside the caller's transaction.
  ModernMerge(storage::Db& src, storage::Db& dst, Clock& clock, const ImportOptions& options, MediaUse media);
  // Runs the whole merge; counts go into summary.
  void run(ImportSummary& summary);

 private:
  void import_notetypes(ImportSummary& summary);
  void import_deck_configs();
  void import_decks(ImportSummary& summary);
  void import_notes(ImportSummary& summary);
  void import_cards(ImportSummary& summary);
  void import_revlog(ImportSummary& summary);
  void refresh_notes(const std::vector<int64_t>& nids);
  std::string unique_notetype_name(std::string name, int64_t id);

  storage::Db& src_;
  storage::Db& dst_;
  Clock& clock_;
  TimestampMillis now_;
  ImportOptions options_;
  MediaUse media_;
  std::map<int64_t, int64_t> notetype_map_;  // source notetype id → destination (when they differ)
  std::map<int64_t, int64_t> deck_map_;      // source deck id → destination deck id
  std::map<int64_t, int64_t> note_map_;      // source note id → destination note id
  std::map<int64_t, int64_t> card_map_;      // source card id → destination card id
};

}  // namespace packages
}  // namespace ankc::native
