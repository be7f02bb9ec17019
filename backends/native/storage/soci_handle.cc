#include "backends/native/storage/soci_handle.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace ankc::native::storage {

std::unique_ptr<soci::session> open_soci_sqlite3(const std::string& connect) {
  return std::make_unique<soci::session>(soci::sqlite3, connect);
}

void* soci_sqlite3_handle(soci::session& session) {
  auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
  return backend->conn_;
}

}  // namespace ankc::native::storage
