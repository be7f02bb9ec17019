#include "backends/native/packages/legacy_import.h"

#include <fstream>
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
  packages::ZipReader zip(path);
  std::string entry = zip.has("collection.anki21") ? "collection.anki21" : "collection.anki2";
  auto collection_bytes = zip.read(entry);
  if (!collection_bytes) throw ActionError("\"There is no item named '" + entry + "' in the archive\"");
  packages::MediaMap media_map = packages::read_media_map(zip, session.media_folder());

  packages::TempDir temp;
  fs::path src_file = temp.path() / "collection.anki2";
  {
    std::ofstream out(src_file, std::ios::binary);
    out.write(collection_bytes->data(), static_cast<std::streamsize>(collection_bytes->size()));
    if (!out) throw ActionError("could not extract the package's collection");
  }
  collection_bytes.reset();
  auto src = Collection::open_existing(src_file, session.clock(), session.random());

  packages::DestinationMedia media(session.media_folder());
  auto tx = session.write();
  packages::LegacyMerge merge(src->db(), dst, session.clock(), zip, media_map, media);
  merge.run();
  // Static media: "_" and "latex-" files come over when no file of that name exists.
  for (const auto& [name, number] : media_map) {
    if (name.rfind("_", 0) != 0 && name.rfind("latex-", 0) != 0) continue;
    if (media.have(name)) continue;
    auto data = zip.read(number);
    if (!data) throw ActionError("\"There is no item named '" + number + "' in the archive\"");
    media.write(name, *data);
  }
  tx.mark_changed();
  tx.commit();
  media.finish();
  src->close();
}

}  // namespace ankc::native
