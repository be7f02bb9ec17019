// The package actions of the native backend: exportPackage and importPackage (api spec §5.1), both
// using Anki's legacy .apkg format as AnkiConnect does on current Anki.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// exportPackage, importPackage.
std::span<const ServiceAction> packages_actions();

}  // namespace ankc::native
