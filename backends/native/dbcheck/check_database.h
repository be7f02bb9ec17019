// The `checkDatabase` action: Anki's Check Database repairs (spec §8.18) followed by the integrity
// check. Result {"problems": "<one per line or empty>", "ok": bool}.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The actions this module serves (checkDatabase).
std::span<const ServiceAction> dbcheck_actions();

}  // namespace ankc::native
