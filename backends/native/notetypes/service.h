// The note type ("model") actions of AnkiConnect (api spec §5.6): modelNames, modelNamesAndIds,
// findModelsById/ByName, modelNameFromId, modelField*, modelTemplates, modelStyling, createModel,
// updateModelTemplates/Styling, findAndReplaceInModels, modelTemplate*/modelField* edits.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The table native_backend.cc concatenates.
std::span<const ServiceAction> notetypes_actions();

}  // namespace ankc::native
