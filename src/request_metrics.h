// What the web layer counts about the requests it answers, for the admin listener (src/admin.h):
// requests by action and outcome, a latency histogram per action, the requests in flight and the most
// recent requests. Thread-safe; the HTTP workers record, the admin listener reads snapshots.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace ankc {

// How a request ended, as /metrics labels it.
//   ok: answered 200 with no error in the envelope; error: answered 200 with an AnkiConnect error;
//   forbidden: 403 (CORS or permission); refused: the HTTP framing refused it (400, 413, 431) or an
//   internal failure answered 500.
enum class Outcome { ok, error, forbidden, refused };
const char* outcome_name(Outcome outcome);

// One answered request, as the status page lists it.
struct RequestRecord {
  std::uint64_t id = 0;      // the request id (also in its log line)
  std::int64_t unix_ms = 0;  // when it was answered
  std::string action;        // "" when none could be read
  std::string client;        // "ip:port"
  int status = 0;            // HTTP status
  Outcome outcome = Outcome::ok;
  double seconds = 0;        // time in the web layer
};

// The latency histogram's upper bounds in seconds (Prometheus `le`), +Inf implied.
inline constexpr std::array<double, 13> kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                           0.25,  0.5,    1,     2.5,  5,    10};

struct LatencyHistogram {
  std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // cumulative counts per bound
  std::uint64_t count = 0;
  double sum = 0;
  void observe(double seconds);
};

struct RequestMetricsSnapshot {
  std::map<std::pair<std::string, std::string>, std::uint64_t> requests;  // (action, outcome) -> count
  std::map<std::string, LatencyHistogram> latency;                       // by action
  std::int64_t in_flight = 0;
  std::deque<RequestRecord> recent;  // newest first
};

class RequestMetrics {
 public:
  // `recent` requests are kept for the status page.
  explicit RequestMetrics(size_t recent = 50) : recent_limit_(recent) {}

  // A request starts: counts it in flight and returns its id (1, 2, ...).
  std::uint64_t begin();
  // A request id for one the web layer never handled (refused by the framing).
  std::uint64_t next_id() { return next_id_.fetch_add(1) + 1; }
  // The request begun with `record.id` ended (in_flight is decremented only when `begun`).
  void end(const RequestRecord& record, bool begun = true);

  RequestMetricsSnapshot snapshot() const;

 private:
  std::atomic<std::uint64_t> next_id_{0};
  std::atomic<std::int64_t> in_flight_{0};
  size_t recent_limit_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> requests_;
  std::map<std::string, LatencyHistogram> latency_;
  std::deque<RequestRecord> recent_;
};

// The outcome of an answered request from its status and reply bytes: a 200 reply in AnkiConnect's
// envelope ({"result": ..., "error": ...}, Python json.dumps spacing) is an error unless it ends with
// `"error": null}`; replies without the envelope (API version 4 and below) count as ok.
Outcome outcome_of(int status, const std::string& body);

}  // namespace ankc
