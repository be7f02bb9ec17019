// What the sync end-to-end tests share: the project's loopback sync server with one user (user:pass)
// on a free port, and AnkiConnect calls on a daemon returning parsed JSON.
#pragma once

#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

struct sqlite3_stmt;

#include "backends/native/sync/server/sync_server.h"
#include "tests/harness.h"

namespace ankc::test {

// The host key of user:pass (lowercase hex SHA-1 of "user:pass", as the reference server derives it).
inline constexpr const char* kSyncKey = "b2619aa1529dfdc4248e6edbf3c1b2a2b014cf6d";

struct SyncPeer {
  TempDir dir;
  std::unique_ptr<native::sync::SyncServer> server;
  SyncPeer();
  std::string url() const;
  std::filesystem::path collection() const { return dir.path() / "server" / "user" / "collection.anki2"; }
};

// {result, error} of an action (REQUIREs an HTTP 200).
boost::json::object request(const Daemon& d, const std::string& action, boost::json::object params = {});
// The result of an action that must succeed.
boost::json::value call(const Daemon& d, const std::string& action, boost::json::object params = {});
// The error text of an action that must fail.
std::string error_of(const Daemon& d, const std::string& action, boost::json::object params = {});

// The rows of `sql` on a collection file no server holds (opened read-only; `unicase` compares bytes,
// enough to read the tables), each row its columns written by `cell` and joined by '|'.
std::vector<std::string> collection_rows(const std::filesystem::path& file, const std::string& sql,
                                         const std::function<std::string(sqlite3_stmt*, int)>& cell);

}  // namespace ankc::test
