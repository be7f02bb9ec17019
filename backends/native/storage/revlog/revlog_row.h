// Reading a revlog row selected as "id, cid, usn, ease, ivl, lastIvl, factor, time, type": shared by
// revlog.cc and stats.cc, whose queries select those columns in that order.
#pragma once

#include "backends/native/storage/revlog/revlog.h"
#include "backends/native/storage/statement.h"

namespace ankc::native::storage {

RevlogRow read_revlog_row(const Query& q);

}  // namespace ankc::native::storage
