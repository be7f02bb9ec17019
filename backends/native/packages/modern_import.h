// Importing a latest-format package (.apkg or .colpkg, meta version 3) into the open collection with
// current Anki's rules (modern_merge.h), and the dispatcher importPackage and the CLI use: legacy
// packages (no meta, or meta 1/2) keep AnkiConnect's legacy importer, latest ones come here.
// All or nothing: the merge is one transaction, and media files are written before it commits and
// removed again when anything fails, so a failed import leaves the collection and the media folder as
// they were. Media are deduplicated by SHA-1: a file already present with the same content is reused,
// a different file of the same name makes the imported one "<stem>-<sha1>.<ext>" and the imported
// notes' references follow; "_" and "latex-" files are only added when the name is free.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "backends/native/packages/modern_merge.h"

namespace ankc::native {

class Session;

namespace packages {

// Imports the latest-format package at path. Throws ActionError naming the cause: a corrupt zip, an
// unknown package version, a missing or truncated collection, a collection with a newer schema, a
// corrupt media index, a member past packageMaxBytes or a likely zip bomb.
ImportSummary import_latest_package(Session& session, const std::filesystem::path& path, const ImportOptions& options);

// importPackage's choice: latest packages through import_latest_package, the others through the
// legacy importer (whose summary only names the version). Throws as those do.
ImportSummary import_any_package(Session& session, const std::filesystem::path& path, const ImportOptions& options);

}  // namespace packages
}  // namespace ankc::native
