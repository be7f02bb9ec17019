#include "backends/native/packages/legacy_import.h"

#include <system_error>

#include "backends/action_error.h"
#include "backends/native/collection/collection.h"
#include "backends/native/packages/import_media.h"
#include "backends/native/packages/legacy_merge.h"
#include "backends/native/packages/temp_dir.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/session.h"

namespace ankc::native {
namespace fs = std::filesystem;

void import_legacy_package(Session& session, const fs::path& path) {
  storage::Db& dst = session.db();  // AnkiConnect asks for the collection first
  packages::ZipReader zip(path, session.info().package_max_bytes);
  std::string entry = zip.has("collection.anki21") ? "collection.anki21" : "collection.anki2";

  packages::TempDir temp(session.collection_file().parent_path());
  fs::path src_file = temp.path() / "collection.anki2";
  // Streamed to disk: memory stays flat however large the collection is.
  if (!zip.extract(entry, src_file)) throw ActionError("\"There is no item named '" + entry + "' in the archive\"");
  packages::MediaMap media_map = packages::read_media_map(zip, session.media_folder());
  auto src = Collection::open_existing(src_file, session.clock(), session.random());

  packages::DestinationMedia media(session.media_folder());
  auto tx = session.write();
  packages::LegacyMerge merge(src->db(), dst, session.clock(), zip, media_map, media);
  merge.run();
  // Static media: "_" and "latex-" files come over when no file of that name exists.
  for (const auto& [name, number] : media_map) {
    if (name.rfind("_", 0) != 0 && name.rfind("latex-", 0) != 0) continue;
    if (media.have(name)) continue;
    media.write(name, packages::read_media_member(zip, number));
  }
  tx.mark_changed();
  tx.commit();
  media.finish();
  src->close();
}

}  // namespace ankc::native
