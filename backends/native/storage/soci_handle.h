// Bridges SOCI's sqlite3 backend and the raw sqlite3 C API. SOCI declares the sqlite3 API inside a
// namespace of its own, so the two cannot be included in one translation unit; this is the seam.
#pragma once

#include <memory>
#include <string>

namespace soci { class session; }

namespace ankc::native::storage {

// Opens a soci::session on the sqlite3 backend with the given connection string.
std::unique_ptr<soci::session> open_soci_sqlite3(const std::string& connect);
// The session's sqlite3* handle (as void*, to be cast to ::sqlite3*).
void* soci_sqlite3_handle(soci::session& session);

}  // namespace ankc::native::storage
