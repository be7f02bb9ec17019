// The web layer: what AnkiConnect's WebServer.handlerWrapper does, on parsed requests (spec
// ankiconnect-api.md §1.2–1.6). Transport-independent: takes an HttpRequest, returns the HttpResponse
// whose headers are in AnkiConnect's order, so unit tests need no sockets.
#pragma once

#include <string>

#include "backends/backend.h"
#include "compat/api.h"
#include "src/request_metrics.h"

namespace ankc {

// One answered request, with what the request log line needs.
struct WebAnswer {
  HttpResponse response;
  std::string action;  // the action named by the body ("" when none could be read)
  std::uint64_t request_id = 0;  // numbers the request in the log and on the status page (0 = none yet)
};

// Which threads answer a request (the epoll engine's choice, made before the request is answered).
enum class Lane {
  at_once,  // touches no collection: answered on the connection's own thread at once, whatever the
            // collection is doing (version, requestPermission, apiReflect, getProfiles,
            // getActiveProfile, OPTIONS, the empty-body banner, errors the compat layer finds itself)
  read,     // one read-only action the native backend runs on a read connection: the read threads
  other,    // anything else (writes, multi, gui actions, a large body, a proxied exchange)
};

class Web {
 public:
  // `api` carries the CORS settings (CompatSettings::cors_origins); both must outlive the Web.
  Web(Backend& backend, Api& api);

  // Answers one request: the backend's passThrough first, else OPTIONS preflight, 403, or the API reply.
  // Never throws: an unexpected failure is answered 500 with an AnkiConnect-shaped body.
  WebAnswer handle(const HttpRequest& request);

  // handle(), but the API takes the body from `request` (left empty) once the backend's passThrough
  // declined, and frees it as soon as it is parsed: a large body is not held while the action runs.
  // For a caller that needs the body no more (no api log).
  WebAnswer handle_releasing(HttpRequest& request);

  // An answer the HTTP framing produces itself (400 bad Content-Length, 413 body too large, 431):
  // `status`, the standard header block and {"result": null, "error": <message>}.
  HttpResponse refuse(const HttpRequest& partial_request, int status, const std::string& message) const;

  // Counts a request the HTTP framing refused (it never reached handle()); returns its request id.
  std::uint64_t record_refused(const HttpRequest& partial_request, int status);

  // The lane for a complete request. Parses a small body (as the API will, with the same parser) to
  // find its action; a body over 16 KiB goes to the other lane unparsed. Thread-safe.
  Lane lane(const HttpRequest& request) const;

  // What handle() counted so far (admin listener).
  const RequestMetrics& metrics() const { return metrics_; }

 private:
  // answer(), counted in metrics_ and numbered.
  WebAnswer counted(const HttpRequest& request, HttpRequest* releasing);
  WebAnswer answer(const HttpRequest& request, HttpRequest* releasing);

  Backend& backend_;
  Api& api_;
  RequestMetrics metrics_;
};

// The header block of spec §1.6 around `body`: Content-Type, Access-Control-Allow-Origin,
// Access-Control-Allow-Headers, Content-Length.
HttpResponse standard_response(int status, const std::string& cors_origin, std::string body);

}  // namespace ankc
