#include "backends/native/dbcheck/check_database.h"

#include <boost/json/object.hpp>

#include "backends/native/dbcheck/repair.h"
#include "backends/native/session.h"

namespace ankc::native {
namespace {

// checkDatabase: quick check (a corrupt file is reported, not repaired), VACUUM/REINDEX/ANALYZE,
// then Anki's repairs in one transaction. "problems" lists what was fixed, one line each.
boost::json::value check_database(Session& session, const boost::json::object&) {
  storage::Db& db = session.db();
  std::string problems;
  bool ok = false;
  if (!dbcheck::collection_is_sound(db)) {
    problems = dbcheck::kCollectionCorrupt;
  } else {
    dbcheck::optimize_collection(db);
    for (const std::string& line : dbcheck::repair_collection(db, session.clock().now(), session.random()).problems()) {
      if (!problems.empty()) problems += '\n';
      problems += line;
    }
    ok = problems.empty();
  }
  boost::json::object result;
  result["problems"] = problems;
  result["ok"] = ok;
  return result;
}

const ServiceAction kActions[] = {{"checkDatabase", &check_database}};

}  // namespace

std::span<const ServiceAction> dbcheck_actions() { return kActions; }

}  // namespace ankc::native
