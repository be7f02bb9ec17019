// importPackage: Anki's legacy .apkg importer (pylib anki/importing/apkg.py + anki2.py, which
// AnkiConnect calls on current Anki). It reads `collection.anki21` (else `collection.anki2`) and the
// JSON media map, then merges into the open collection in one transaction: note types mapped by id
// and field/template names, notes by guid (newer ones update), decks by name (parents, descriptions,
// presets), cards by (guid, ord), revlog, referenced media copied (renamed on a content clash), static
// `_`/`latex-` media, nextPos. Error texts are AnkiConnect's (api spec §5.1).
#pragma once

#include <filesystem>

namespace ankc::native {

class Session;

// Imports the package at path into the session's collection and media folder. Throws ActionError:
// "" for new-format packages (no JSON media map), "Invalid file", "File is not a zip file",
// "[Errno 2] No such file or directory: '<path>'".
void import_legacy_package(Session& session, const std::filesystem::path& path);

}  // namespace ankc::native
