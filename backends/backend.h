// The seam between the compat layer and whatever answers AnkiConnect actions.
//
// Two implementations exist: backends/native (a real Anki collection read and written in-process) and
// backends/proxy (a desktop AnkiConnect reached over HTTP). The compat layer offers every request to
// passThrough() first; a backend that answers it owns the whole exchange (the proxy does this, byte for
// byte). Otherwise the compat layer parses, validates and binds the request and calls call() once per
// action (once per element of a `multi`).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ankc {

// One HTTP request as it arrived. Header names are lower-cased; values are byte-exact.
struct HttpRequest {
  std::string method;  // upper-cased
  std::string target;  // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string peer;  // "ip:port" of the client, for logs

  // Last value of a header (AnkiConnect keeps the last duplicate), or nullopt.
  std::optional<std::string> header(const std::string& lowercase_name) const {
    std::optional<std::string> found;
    for (const auto& [name, value] : headers)
      if (name == lowercase_name) found = value;
    return found;
  }
};

// One HTTP response. Headers are emitted in this order (the HTTP layer may add Connection).
struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class Backend {
 public:
  virtual ~Backend() = default;

  // Answers the whole exchange untouched by the compat layer, or returns nullopt to let the compat
  // layer handle it. Must be safe to call from several threads at once.
  virtual std::optional<HttpResponse> passThrough(const HttpRequest& request) { return std::nullopt; }
  // Whether passThrough may answer (and block on the network for) any request: the HTTP layer then
  // never answers a request on its connection thread, since even `version` may be forwarded.
  virtual bool may_pass_through() const { return false; }

  // Runs one action whose name is a known AnkiConnect action and whose params have already been bound
  // (every key is a parameter of the action; required ones are present). Returns the action's result
  // value; throws ActionError with AnkiConnect's exact text on failure. Safe to call from several
  // threads; the backend serialises access to its own state.
  virtual boost::json::value call(const std::string& action, const boost::json::object& params) = 0;

  // New note and card ids made from now on are at least `floor_ms` (the proxy's failover, when this
  // backend starts standing in for a desktop: see storage::raise_new_row_id_floor). Default: ignored.
  virtual void reserve_new_ids_from(std::int64_t floor_ms) {}

  // The name logs use for this backend ("native", "proxy").
  virtual std::string name() const = 0;
};

}  // namespace ankc
