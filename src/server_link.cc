#include "src/server_link.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>

#include "backends/proxy/upstream_client.h"

namespace ankc {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Where to connect for a bind address: the loopback address for "any".
std::string connect_host(const std::string& bind) {
  if (bind.empty() || bind == "0.0.0.0") return "127.0.0.1";
  if (bind == "::" || bind == "[::]") return "[::1]";
  if (bind.find(':') != std::string::npos && bind.front() != '[') return "[" + bind + "]";
  return bind;
}

bool same_path(const fs::path& a, const fs::path& b) {
  std::error_code ec1, ec2;
  fs::path ca = fs::weakly_canonical(a, ec1), cb = fs::weakly_canonical(b, ec2);
  return !ec1 && !ec2 && ca == cb;
}

}  // namespace

ServerLink::ServerLink(std::string url, std::optional<std::string> key, long timeout_ms)
    : url_(std::move(url)), key_(std::move(key)), client_(std::make_shared<proxy::UpstreamClient>(url_, 2000, timeout_ms)) {}

std::optional<ServerLink> ServerLink::find(const Config& config, const std::string& profile, const fs::path& folder) {
  if (config.web_bind_port <= 0) return std::nullopt;
  std::string url = "http://" + connect_host(config.web_bind_address) + ":" + std::to_string(config.web_bind_port);
  ServerLink probe(url, config.api_key, 10000);
  try {
    json::value active = probe.call("getActiveProfile");
    if (!active.is_string() || active.as_string() != profile) return std::nullopt;
    json::value media = probe.call("getMediaDirPath");
    if (!media.is_string() || !same_path(std::string(media.as_string()), folder / "collection.media"))
      return std::nullopt;
  } catch (const ServerError&) {
    return std::nullopt;
  }
  return ServerLink(url, config.api_key, 0);
}

json::value ServerLink::call(const std::string& action, const json::object& params) const {
  json::object body{{"action", action}, {"version", 6}, {"params", params}};
  if (key_) body["key"] = *key_;
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = json::serialize(body);
  proxy::UpstreamResult r = client_->send(request);
  if (!r.answered) throw ServerError("no answer from " + url_ + ": " + r.cause);
  if (r.response.status != 200)
    throw ServerError(url_ + " answered HTTP " + std::to_string(r.response.status) + ": " + r.response.body);
  boost::system::error_code ec;
  json::value reply = json::parse(r.response.body, ec);
  if (ec || !reply.is_object()) throw ServerError(url_ + " did not answer with JSON: " + r.response.body.substr(0, 200));
  const json::object& o = reply.as_object();
  const json::value* error = o.if_contains("error");
  if (error && !error->is_null())
    throw ServerError(error->is_string() ? std::string(error->as_string()) : json::serialize(*error));
  const json::value* result = o.if_contains("result");
  return result ? *result : json::value(nullptr);
}

std::optional<CommandTarget> command_target(const ConfigArgs& args, const char* command) {
  CommandTarget t;
  try {
    t.config = load_config(args.config ? std::optional<fs::path>(*args.config) : std::nullopt, process_env());
  } catch (const std::exception& e) {
    std::cerr << "ankiconnectd " << command << ": bad configuration: " << e.what() << "\n";
    return std::nullopt;
  }
  for (const auto& [name, folder] : t.config.effective_profiles()) {
    if (args.profile && name != *args.profile) continue;
    t.profile = name;
    t.folder = folder;
    if (t.config.backend == "native") t.server = ServerLink::find(t.config, t.profile, t.folder);
    return t;
  }
  std::cerr << "ankiconnectd " << command << ": no profile named '" << args.profile.value_or("") << "'\n";
  return std::nullopt;
}

}  // namespace ankc
