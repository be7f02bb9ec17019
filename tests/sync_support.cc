#include "tests/sync_support.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>

#include <catch2/catch.hpp>

namespace json = boost::json;

namespace ankc::test {

SyncPeer::SyncPeer() {
  native::sync::SyncServerOptions options;
  options.base = dir.path() / "server";
  options.users = {{"user", "pass"}};
  server = std::make_unique<native::sync::SyncServer>(options);
  server->start();
}

std::string SyncPeer::url() const { return "http://127.0.0.1:" + std::to_string(server->port()) + "/"; }

json::object request(const Daemon& d, const std::string& action, json::object params) {
  json::object req{{"action", action}, {"version", 6}, {"params", std::move(params)}};
  auto r = d.post(json::serialize(req));
  REQUIRE(r.status() == 200);
  return json::parse(r.body).as_object();
}

json::value call(const Daemon& d, const std::string& action, json::object params) {
  json::object reply = request(d, action, std::move(params));
  INFO(action << " answered " << json::serialize(reply));
  REQUIRE(reply["error"].is_null());
  return reply["result"];
}

std::string error_of(const Daemon& d, const std::string& action, json::object params) {
  json::object reply = request(d, action, std::move(params));
  INFO(action << " answered " << json::serialize(reply));
  REQUIRE(reply["error"].is_string());
  return std::string(reply["error"].as_string());
}

std::vector<std::string> collection_rows(const std::filesystem::path& file, const std::string& sql,
                                         const std::function<std::string(sqlite3_stmt*, int)>& cell) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  // Schema 18 declares COLLATE unicase; byte order is enough to read the tables.
  sqlite3_create_collation(db, "unicase", SQLITE_UTF8, nullptr,
                           [](void*, int n1, const void* a, int n2, const void* b) {
                             int c = std::memcmp(a, b, static_cast<size_t>(std::min(n1, n2)));
                             return c ? c : n1 - n2;
                           });
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  INFO(sql << ": " << sqlite3_errmsg(db));
  REQUIRE(rc == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) row += (i ? "|" : "") + cell(stmt, i);
    out.push_back(row);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

}  // namespace ankc::test
