// The search actions of AnkiConnect (api spec §5.4 findNotes, §5.5 findCards): a null or omitted
// query answers [] (Q28), "" answers everything. Other concepts search through session_search.h.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The table native_backend.cc concatenates: findNotes, findCards.
std::span<const ServiceAction> search_actions();

}  // namespace ankc::native
