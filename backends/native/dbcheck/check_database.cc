#include "backends/native/dbcheck/check_database.h"

#include <boost/json/object.hpp>

#include "backends/native/session.h"
#include "backends/native/storage/db.h"

namespace ankc::native {
namespace {

// checkDatabase: for now the integrity check only; Anki's repairs (§8.18) are still to come.
boost::json::value check_database(Session& session, const boost::json::object&) {
  storage::Db& db = session.db();
  std::string problems;
  auto q = db.query_uncached("PRAGMA integrity_check");
  while (q.next()) {
    std::string line = q.col_text(0);
    if (line == "ok") continue;
    if (!problems.empty()) problems += '\n';
    problems += line;
  }
  boost::json::object result;
  result["problems"] = problems;
  result["ok"] = problems.empty();
  return result;
}

const ServiceAction kActions[] = {{"checkDatabase", &check_database}};

}  // namespace

std::span<const ServiceAction> dbcheck_actions() { return kActions; }

}  // namespace ankc::native
