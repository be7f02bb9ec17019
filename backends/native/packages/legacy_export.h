// exportPackage: Anki's legacy .apkg exporter (pylib anki/exporting.py AnkiPackageExporter, which
// AnkiConnect calls on current Anki). The deck and its sub-decks, with their cards, notes and note
// types, go into a temporary collection (in a private folder beside the profile's collection, where
// Anki uses the target's name with ".anki2"), which is downgraded to schema 11 and zipped as
// `collection.anki21` after a dummy `collection.anki2`, followed by the referenced media files
// (numbered entries) and the JSON `media` map. The zip is written to a temporary name beside path and
// renamed onto it (package_path.h).
#pragma once

#include <filesystem>
#include <string_view>

namespace ankc::native {

class Session;

// Writes the package to path (checked by package_target()); false when no deck has that name (case-insensitive). Without include_sched
// cards become new, flags and the marked/leech tags go, decks use preset 1 and revlog stays behind.
bool export_legacy_package(Session& session, std::string_view deck_name, const std::filesystem::path& path,
                           bool include_sched);

// The dummy schema-11 collection every package carries for old Anki versions (one Basic note:
// "This file requires a newer version of Anki."), as file bytes. Built in a temporary directory.
std::string legacy_dummy_collection(Session& session);

}  // namespace ankc::native
