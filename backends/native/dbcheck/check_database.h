// The `checkDatabase` action: Anki's Check Database (quick check, optimize, the repairs of repair.h).
// Result {"problems": "<one fixed problem per line, or empty>", "ok": bool}; ok is true only when
// nothing needed fixing. A corrupt file gives Anki's "Collection file is corrupt…" text, ok false.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The actions this module serves (checkDatabase).
std::span<const ServiceAction> dbcheck_actions();

}  // namespace ankc::native
