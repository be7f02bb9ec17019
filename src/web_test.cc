// Unit tests of the web layer with a fake backend: no sockets (the e2e tests in tests/ use the binary).
#include <catch2/catch.hpp>

#include <boost/json/array.hpp>

#include "backends/action_error.h"
#include "src/web.h"

using namespace ankc;

namespace {

class FakeBackend : public Backend {
 public:
  std::optional<HttpResponse> pass;
  std::optional<HttpResponse> passThrough(const HttpRequest&) override { return pass; }
  boost::json::value call(const std::string& action, const boost::json::object&) override {
    if (action == "getProfiles") return boost::json::array{"User 1"};
    throw ActionError(action + " is not served by the fake");
  }
  std::string name() const override { return "fake"; }
};

HttpRequest request(std::string method, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = "/";
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

using HeaderList = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("web: the standard header block and the action for the log") {
  FakeBackend backend;
  Api api(CompatSettings{}, backend);
  Web web(backend, api);
  WebAnswer a = web.handle(request("POST", R"({"action": "getProfiles", "version": 6})"));
  CHECK(a.action == "getProfiles");
  CHECK(a.response.status == 200);
  CHECK(a.response.headers == HeaderList{{"Content-Type", "application/json"},
                                         {"Access-Control-Allow-Origin", "http://localhost"},
                                         {"Access-Control-Allow-Headers", "*"},
                                         {"Content-Length", "37"}});
  CHECK(a.response.body == R"({"result": ["User 1"], "error": null})");
}

TEST_CASE("web: OPTIONS, private network, 403, requestPermission origin echo") {
  FakeBackend backend;
  Api api(CompatSettings{}, backend);
  Web web(backend, api);
  auto options = web.handle(request("OPTIONS", "", {{"access-control-request-private-network", "true"}}));
  CHECK(options.response.headers.back() == std::pair<std::string, std::string>{"Access-Control-Allow-Private-Network", "true"});
  CHECK(options.response.headers.size() == 5);
  CHECK(options.response.body.empty());

  auto forbidden = web.handle(request("POST", R"({"action": "version"})", {{"origin", "http://evil"}}));
  CHECK(forbidden.response.status == 403);
  CHECK(forbidden.response.headers == HeaderList{{"Access-Control-Allow-Origin", "http://localhost"},
                                                 {"Access-Control-Allow-Headers", "*"}});
  CHECK(forbidden.response.body.empty());

  auto permission = web.handle(request("POST", R"({"action": "requestPermission"})", {{"origin", "http://evil"}}));
  CHECK(permission.response.status == 200);
  CHECK(permission.response.headers[1] == std::pair<std::string, std::string>{"Access-Control-Allow-Origin", "http://evil"});
  CHECK(permission.response.body == R"({"permission": "denied"})");
}

TEST_CASE("web: a backend's passThrough owns the whole exchange") {
  FakeBackend backend;
  backend.pass = HttpResponse{502, {{"X-Upstream", "down"}}, "nope"};
  Api api(CompatSettings{}, backend);
  Web web(backend, api);
  for (const char* method : {"POST", "OPTIONS"}) {
    auto a = web.handle(request(method, "{}", {{"origin", "http://evil"}}));
    CHECK(a.response.status == 502);
    CHECK(a.response.headers == HeaderList{{"X-Upstream", "down"}});
    CHECK(a.response.body == "nope");
  }
}

TEST_CASE("web: refusals carry the CORS origin and an AnkiConnect-shaped body") {
  FakeBackend backend;
  Api api(CompatSettings{}, backend);
  Web web(backend, api);
  auto r = web.refuse(request("POST", "", {{"origin", "chrome-extension://x"}}), 413, "too \"big\"");
  CHECK(r.status == 413);
  CHECK(r.headers[1].second == "chrome-extension://x");
  CHECK(r.body == R"({"result": null, "error": "too \"big\""})");
}
