// The scheduling actions of AnkiConnect (ankiconnect-api.md §5.5): answerCards, areDue,
// getIntervals, forgetCards, relearnCards, setDueDate.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

std::span<const ServiceAction> scheduling_actions();

}  // namespace ankc::native
