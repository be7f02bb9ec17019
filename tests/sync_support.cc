#include "tests/sync_support.h"

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

}  // namespace ankc::test
