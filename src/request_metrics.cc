#include "src/request_metrics.h"

#include <chrono>

namespace ankc {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return "ok";
    case Outcome::error: return "error";
    case Outcome::forbidden: return "forbidden";
    case Outcome::refused: return "refused";
  }
  return "?";
}

void LatencyHistogram::observe(double seconds) {
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i)
    if (seconds <= kLatencyBuckets[i]) ++buckets[i];
  ++count;
  sum += seconds;
}

std::uint64_t RequestMetrics::begin() {
  in_flight_.fetch_add(1);
  return next_id();
}

void RequestMetrics::end(const RequestRecord& record, bool begun) {
  if (begun) in_flight_.fetch_sub(1);
  std::string action = record.action.empty() ? "-" : record.action;
  std::lock_guard lock(mutex_);
  ++requests_[{action, outcome_name(record.outcome)}];
  latency_[action].observe(record.seconds);
  recent_.push_front(record);
  while (recent_.size() > recent_limit_) recent_.pop_back();
}

RequestMetricsSnapshot RequestMetrics::snapshot() const {
  RequestMetricsSnapshot out;
  out.in_flight = in_flight_.load();
  std::lock_guard lock(mutex_);
  out.requests = requests_;
  out.latency = latency_;
  out.recent = recent_;
  return out;
}

Outcome outcome_of(int status, const std::string& body) {
  if (status == 403) return Outcome::forbidden;
  if (status != 200) return Outcome::refused;
  static const std::string kEnvelope = "{\"result\": ";
  static const std::string kNoError = "\"error\": null}";
  if (body.compare(0, kEnvelope.size(), kEnvelope) != 0) return Outcome::ok;
  if (body.size() >= kNoError.size() && body.compare(body.size() - kNoError.size(), kNoError.size(), kNoError) == 0)
    return Outcome::ok;
  return Outcome::error;
}

}  // namespace ankc
