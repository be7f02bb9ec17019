// The merge step of the legacy importer (pylib anki/importing/anki2.py Anki2Importer._import): copies
// a source collection's note types, notes, decks, cards and revlog into the destination, following
// Anki's id, guid and schema rules, and rewriting media references whose files clash.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "backends/native/collection/clock.h"
#include "backends/native/packages/import_media.h"
#include "backends/native/storage/ids.h"
#include "backends/native/storage/packages/raw_rows.h"

namespace ankc::native {
namespace storage { class Db; }

namespace packages {

class ZipReader;

class LegacyMerge {
 public:
  // src: the package's collection (opened, upgraded); dst: the profile's collection, inside the
  // caller's write transaction. media_map / zip supply the package's media files.
  LegacyMerge(storage::Db& src, storage::Db& dst, Clock& clock, const ZipReader& zip, const MediaMap& media_map,
              DestinationMedia& media);
  // Runs notes, cards and the post-import fixes.
  void run();

 private:
  struct DstNote {
    int64_t id = 0;
    int64_t mod = 0;
    int64_t mid = 0;
  };
  void import_notes();
  void import_cards();
  void update_field_cache(const std::vector<int64_t>& nids);
  bool uniquify_note(storage::SqlRow& note);
  int64_t dst_notetype(int64_t src_mid);
  void copy_notetype(int64_t src_mid, int64_t dst_mid);
  int64_t dst_deck(int64_t src_did);
  std::string munge_media(int64_t mid, const std::string& flds);
  std::string src_media(const std::string& name);

  storage::Db& src_;
  storage::Db& dst_;
  Clock& clock_;
  TimestampMillis now_;
  const ZipReader& zip_;
  const MediaMap& media_map_;
  DestinationMedia& media_;
  std::map<int64_t, int64_t> notetype_map_;
  std::map<int64_t, int64_t> deck_map_;
  std::map<std::string, DstNote> notes_;
  std::set<std::string> ignored_guids_;
};

}  // namespace packages
}  // namespace ankc::native
