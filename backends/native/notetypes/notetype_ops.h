// Adding and saving note types as Anki's backend does (rslib notetype/mod.rs add_notetype /
// update_notetype, Anki 25.09): prepare (names, sort field, reqs, template rewrites and checks),
// unique name, then for an update the notes and cards that follow the new fields and templates,
// and finally the rows (mtime now, usn -1, ords = positions).
#pragma once

#include <vector>

#include "backends/native/collection/random.h"
#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/transaction.h"

namespace ankc::native {

// The legacy `req` list of nt's current templates and fields (collection-format.md §8.16).
std::vector<CardRequirement> compute_requirements(const Notetype& nt);

// Stamps nt (mtime now, usn -1, reqs, ords = positions) and writes its rows as they are: no name
// fixes, no checks, no notes or cards touched (for repairs; the actions use add/update_notetype).
// The caller's transaction decides whether the change also bumps scm.
void save_notetype(storage::Db& db, Notetype& nt, TimestampMillis now);

// Adds nt as a new note type (nt.id assigned; '+' appended while the name is taken) and makes it
// the current one (config curModel). Not a schema change. Throws ActionError (CardType errors…).
void add_notetype(storage::Db& db, Notetype& nt, storage::WriteTransaction& tx, TimestampMillis now);

// Saves an edited nt over its stored version. Fields and templates keep the ords they were loaded
// with (nullopt for new ones) so that notes are rewritten and cards removed/renumbered/generated
// to match; marks tx schema-changed when fields or templates were added, removed or moved, or the
// sort field changed, else just changed. On return nt is as stored.
void update_notetype(storage::Db& db, Notetype& nt, storage::WriteTransaction& tx, TimestampMillis now,
                     Random& random);

}  // namespace ankc::native
