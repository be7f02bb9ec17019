// exportPackage: Anki's legacy .apkg exporter (pylib anki/exporting.py AnkiPackageExporter, which
// AnkiConnect calls on current Anki). The deck and its sub-decks, with their cards, notes and note
// types, go into a temporary collection (in a private folder beside the profile's collection, where
// Anki uses the target's name with ".anki2"), which is downgraded to schema 11 and zipped as
// `collection.anki21` after a dummy `collection.anki2`, followed by the referenced media files
// (numbered entries) and the JSON `media` map. The zip is written to a temporary name beside path and
// renamed onto it (package_path.h).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native {

class Session;

// Writes the package to path (checked by package_target()); false when no deck has that name (case-insensitive). Without include_sched
// cards become new, flags and the marked/leech tags go, decks use preset 1 and revlog stays behind.
bool export_legacy_package(Session& session, std::string_view deck_name, const std::filesystem::path& path,
                           bool include_sched);

// The deck export's temporary collection, built at colfile: the deck named deck_name (case-insensitive)
// and its sub-decks with their cards, notes and note types (and revlog and presets with include_sched);
// schema 11 when downgrade, else left at schema 18. Returns the media files the notes and note types
// reference, or nullopt when there is no such deck.
std::optional<std::vector<std::string>> build_deck_export(Session& session, std::string_view deck_name,
                                                          const std::filesystem::path& colfile, bool include_sched,
                                                          bool downgrade);

// The dummy schema-11 collection every package carries for old Anki versions (one Basic note:
// "This file requires a newer version of Anki."), as file bytes. Built in a temporary directory.
// `text` replaces the note's front (latest packages ask the user to update Anki).
std::string legacy_dummy_collection(Session& session,
                                    const std::string& text = "This file requires a newer version of Anki.");

}  // namespace ankc::native
