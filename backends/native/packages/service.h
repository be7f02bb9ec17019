// The package actions of the native backend: exportPackage (Anki's legacy .apkg format, as AnkiConnect
// writes it on current Anki) and importPackage (api spec §5.1: legacy and latest-format .apkg merged, a
// .colpkg replacing the collection as Anki imports one), and ankiconnectd's extensions the command line
// uses while a server holds the collection: importAnkiPackage, importCollectionPackage,
// exportAnkiPackage, exportCollectionPackage, createBackup.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The actions and extensions above.
std::span<const ServiceAction> packages_actions();

}  // namespace ankc::native
