#include "conformance/playback.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <ostream>

#include "compat/pyjson.h"
#include "compat/reply.h"
#include "conformance/byte_diff.h"
#include "conformance/text_bytes.h"

namespace ankc::conformance {

namespace {

namespace json = boost::json;

// The value with every object's keys in sorted order (AnkiConnect parses bodies: order is no difference).
json::value sorted(const json::value& v) {
  if (v.is_array()) {
    json::array out;
    for (const auto& e : v.as_array()) out.push_back(sorted(e));
    return out;
  }
  if (!v.is_object()) return v;
  std::vector<std::string> keys;
  for (const auto& member : v.as_object()) keys.emplace_back(member.key());
  std::sort(keys.begin(), keys.end());
  json::object out;
  for (const auto& k : keys) out[k] = sorted(v.as_object().at(k));
  return out;
}

std::string shown(const json::value& v) {
  std::string text = json::serialize(v);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

// The first place two JSON values differ, as "path: expected X, got Y"; "" when equal.
std::string json_difference(const json::value& e, const json::value& a, const std::string& path) {
  const std::string where = path.empty() ? "the body" : path;
  if (e.kind() != a.kind() && !(e.is_number() && a.is_number()))
    return where + ": expected " + shown(e) + ", got " + shown(a);
  if (e.is_object()) {
    const json::object& eo = e.as_object();
    const json::object& ao = a.as_object();
    for (const auto& member : eo) {
      auto it = ao.find(member.key());
      if (it == ao.end())
        return join(path, member.key()) + ": missing (the recording has " + shown(member.value()) + ")";
      std::string d = json_difference(member.value(), it->value(), join(path, member.key()));
      if (!d.empty()) return d;
    }
    for (const auto& member : ao)
      if (!eo.contains(member.key()))
        return join(path, member.key()) + ": not in the recording (got " + shown(member.value()) + ")";
    return "";
  }
  if (e.is_array()) {
    const json::array& ea = e.as_array();
    const json::array& aa = a.as_array();
    for (std::size_t i = 0; i < std::min(ea.size(), aa.size()); ++i) {
      std::string d = json_difference(ea[i], aa[i], where + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    if (ea.size() != aa.size())
      return where + ": expected " + std::to_string(ea.size()) + " elements, got " + std::to_string(aa.size());
    return "";
  }
  if (json::serialize(e) != json::serialize(a)) return where + ": expected " + shown(e) + ", got " + shown(a);
  return "";
}

bool is_content_length(const HeaderLine& h) { return !h.raw && ascii_lower(h.name) == "content-length"; }

}  // namespace

std::string request_difference(const CassetteRequest& recorded, const HttpRequest& actual, Substitutions& subs) {
  if (ascii_lower(recorded.method) != ascii_lower(actual.method))
    return "method: expected " + recorded.method + ", got " + actual.method;
  std::string path = subs.apply(recorded.path);
  if (path != actual.target) return "path: expected " + path + ", got " + actual.target;
  pyjson::LoadResult e = pyjson::loads(recorded.body, PyFlavour::py313);
  pyjson::LoadResult a = pyjson::loads(actual.body, PyFlavour::py313);
  if (e.ok && a.ok) {
    std::string expected = json::serialize(sorted(e.value));
    std::string got = json::serialize(sorted(a.value));
    std::string reconciled = subs.reconcile(expected, got);
    if (reconciled == got) return "";
    boost::system::error_code error;
    json::value r = json::parse(reconciled, error);
    std::string d = error ? "" : json_difference(r, json::parse(got), "");
    return d.empty() ? "body " + describe_difference(reconciled, got) : d;
  }
  std::string expected = subs.apply(recorded.body);
  if (expected == actual.body) return "";
  return "body " + describe_difference(expected, actual.body);
}

Playback::Playback(Cassette cassette, std::ostream* log) : cassette_(std::move(cassette)), log_(log) {
  totals_.recorded = static_cast<int>(cassette_.exchanges.size());
}

std::string Playback::answer(const HttpRequest& request) {
  std::lock_guard lock(mutex_);
  std::string problem;
  const Exchange* x = nullptr;
  if (next_ >= cassette_.exchanges.size()) {
    ++totals_.beyond;
    problem = "request " + std::to_string(next_ + totals_.beyond) + " is beyond the recording (it has " +
              std::to_string(cassette_.exchanges.size()) + " exchanges)";
  } else {
    x = &cassette_.exchanges[next_++];
    ++totals_.played;
    std::string d = request_difference(x->request, request, subs_);
    if (!d.empty()) {
      ++totals_.differed;
      problem = "request " + std::to_string(next_) + " does not match the recording (exchange " + x->name + "): " + d;
    }
  }
  if (!problem.empty()) {
    if (log_) *log_ << "DIFF  " << problem << "\n" << std::flush;
    std::string body = reply::error_body("ankiconnectd playback: " + problem);
    std::string out = "HTTP/1.1 200 OK\r\n";
    for (const auto& [name, value] : reply::headers("http://localhost", body.size())) out += name + ": " + value + "\r\n";
    return out + "\r\n" + body;
  }
  if (log_) *log_ << "OK    " << next_ << "/" << cassette_.exchanges.size() << " " << x->name << "\n" << std::flush;
  CassetteResponse response = x->response;
  response.body = subs_.apply(x->response.body);
  for (HeaderLine& h : response.headers)
    if (is_content_length(h) && h.value == std::to_string(x->response.body.size()))
      h.value = std::to_string(response.body.size());
  return render_response(response);
}

PlaybackTotals Playback::totals() const {
  std::lock_guard lock(mutex_);
  return totals_;
}

std::vector<std::string> Playback::pending() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (std::size_t i = next_; i < cassette_.exchanges.size(); ++i) out.push_back(cassette_.exchanges[i].name);
  return out;
}

bool Playback::done() const {
  std::lock_guard lock(mutex_);
  return next_ >= cassette_.exchanges.size();
}

PlaybackServer::PlaybackServer(Playback& playback, const HostPort& listen) : playback_(playback) {
  listen_fd_ = listen_tcp(listen, address_);
}

PlaybackServer::~PlaybackServer() {
  if (listen_fd_ >= 0) close(listen_fd_);
}

void PlaybackServer::run(bool exit_when_done) {
  while (!stopping_ && !(exit_when_done && playback_.done())) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    // One request per connection, as AnkiConnect serves them.
    if (std::optional<HttpRequest> request = read_request(client)) write_all(client, playback_.answer(*request));
    shutdown(client, SHUT_WR);
    close(client);
  }
}

}  // namespace ankc::conformance
