#include "src/web.h"

#include <chrono>
#include <exception>

#include "compat/actions.h"
#include "compat/pyjson.h"
#include "compat/reply.h"
#include "src/cors.h"
#include "src/logging.h"

namespace ankc {

HttpResponse standard_response(int status, const std::string& cors_origin, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers = reply::headers(cors_origin, body.size());
  response.body = std::move(body);
  return response;
}

Web::Web(Backend& backend, Api& api) : backend_(backend), api_(api) {}

HttpResponse Web::refuse(const HttpRequest& partial_request, int status, const std::string& message) const {
  CorsVerdict cors = decide_cors(api_.settings().cors_origins, partial_request.header("origin"));
  return standard_response(status, cors.origin, reply::error_body(message));
}

namespace {
std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Lane Web::lane(const HttpRequest& request) const {
  if (backend_.may_pass_through()) return Lane::other;
  if (request.method == "OPTIONS" || request.body.empty()) return Lane::at_once;
  if (request.body.size() > 16 * 1024) return Lane::other;
  pyjson::LoadResult loaded = pyjson::loads(request.body, api_.settings().emulation.py);
  if (!loaded.ok || !loaded.value.is_object()) return Lane::at_once;  // the API's own error
  const boost::json::object& body = loaded.value.as_object();
  auto it = body.find("action");
  if (it == body.end() || !it->value().is_string()) return Lane::at_once;
  std::string_view action = it->value().as_string();
  if (action == "version" || action == "requestPermission" || action == "apiReflect" || action == "getProfiles" ||
      action == "getActiveProfile")
    return Lane::at_once;
  const ActionSpec* spec = find_action_or_extension(action);
  if (!spec) return Lane::at_once;  // unsupported action
  return runs_on_read_connection(*spec) ? Lane::read : Lane::other;
}

WebAnswer Web::handle(const HttpRequest& request) { return counted(request, nullptr); }

WebAnswer Web::handle_releasing(HttpRequest& request) { return counted(request, &request); }

WebAnswer Web::counted(const HttpRequest& request, HttpRequest* releasing) {
  RequestRecord record;
  record.id = metrics_.begin();
  record.client = request.peer;
  auto started = std::chrono::steady_clock::now();
  WebAnswer out = answer(request, releasing);
  record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  record.unix_ms = unix_ms_now();
  record.action = out.action;
  record.status = out.response.status;
  record.outcome = outcome_of(out.response.status, out.response.body);
  metrics_.end(record);
  out.request_id = record.id;
  return out;
}

std::uint64_t Web::record_refused(const HttpRequest& partial_request, int status) {
  RequestRecord record;
  record.id = metrics_.next_id();
  record.unix_ms = unix_ms_now();
  record.client = partial_request.peer;
  record.status = status;
  record.outcome = Outcome::refused;
  metrics_.end(record, false);
  return record.id;
}

WebAnswer Web::answer(const HttpRequest& request, HttpRequest* releasing) {
  WebAnswer answer;
  try {
    if (auto passed = backend_.passThrough(request)) {
      answer.response = std::move(*passed);
      return answer;
    }
    std::optional<std::string> origin = request.header("origin");
    CorsVerdict cors = decide_cors(api_.settings().cors_origins, origin);

    if (request.method == "OPTIONS") {
      answer.response = standard_response(200, cors.origin, "");
      if (request.header("access-control-request-private-network") == std::optional<std::string>("true"))
        answer.response.headers.emplace_back("Access-Control-Allow-Private-Network", "true");
      return answer;
    }

    ApiOutcome outcome = releasing ? api_.handle_owned(std::move(releasing->body), cors.allowed, origin)
                                   : api_.handle(request.body, cors.allowed, origin);
    answer.action = outcome.action;
    if (outcome.forbidden) {
      answer.response.status = 403;
      answer.response.headers = {{"Access-Control-Allow-Origin", cors.origin},
                                 {"Access-Control-Allow-Headers", "*"}};
      return answer;
    }
    answer.response = standard_response(200, outcome.cors_origin.value_or(cors.origin), std::move(outcome.body));
  } catch (const std::exception& e) {
    log::error(std::string("unexpected failure while answering a request: ") + e.what());
    answer.response = refuse(request, 500, std::string("internal error: ") + e.what());
  }
  return answer;
}

}  // namespace ankc
