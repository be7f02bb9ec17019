// getCollectionStatsHTML: an APPROXIMATION of Anki's legacy `CollectionStats.report()` HTML (the
// Python module is not ported): the same outer shape (<style> + <center> sections) with the "Today"
// and card-count figures computed from the collection, but no graphs and not byte-identical.
#pragma once

#include <string>

#include "backends/native/scheduling/timing.h"

namespace ankc::native {
namespace storage { class Db; }

// The report for the whole collection, or for the current deck (config curDeck) and its children.
std::string collection_report_html(storage::Db& db, const SchedTiming& timing, bool whole_collection);

}  // namespace ankc::native
