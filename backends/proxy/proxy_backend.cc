#include "backends/proxy/proxy_backend.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "backends/action_error.h"
#include "backends/proxy/request_kind.h"
#include "backends/proxy/upstream_client.h"
#include "backends/proxy/upstream_error.h"
#include "compat/actions.h"

namespace ankc {

namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

// One line per event, written with a single call so lines from several threads do not interleave.
void stderr_line(const std::string& line) {
  std::string out = line + "\n";
  std::fwrite(out.data(), 1, out.size(), stderr);
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// How far ahead of the clock the native backend's new ids start after a switch (switch_to_native).
constexpr std::int64_t kFailoverIdLeadMs = 60'000;

std::int64_t ms_since(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

// A request the proxy itself sends to the upstream (the probe, the reconciliation's `sync`).
HttpRequest own_request(const std::string& action, const std::optional<std::string>& key,
                        const json::object* params = nullptr) {
  json::object body{{"action", action}, {"version", 6}};
  if (params) body["params"] = *params;
  if (key) body["key"] = *key;
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers = {{"content-type", "application/json"}};
  request.body = json::serialize(body);
  request.peer = "ankiconnectd";
  return request;
}

enum class Mode { upstream, native, reconciling };

const char* mode_name(Mode mode) {
  switch (mode) {
    case Mode::upstream: return "upstream";
    case Mode::native: return "native";
    case Mode::reconciling: return "reconciling";
  }
  return "?";
}

class ProxyBackend : public Backend {
 public:
  explicit ProxyBackend(ProxyOptions options)
      : client_(options.upstream_url, options.connect_timeout_ms, options.timeout_ms),
        // The probe gives up sooner than a client's request would: it only asks `version`.
        probe_client_(options.upstream_url, options.connect_timeout_ms,
                      std::min(options.timeout_ms, std::max(options.connect_timeout_ms * 2, 5000L))),
        on_exchange_(std::move(options.on_exchange)),
        fallback_(std::move(options.fallback)),
        log_error_(options.log_error ? std::move(options.log_error) : stderr_line),
        log_warn_(options.log_warn ? std::move(options.log_warn) : stderr_line),
        log_info_(options.log_info ? std::move(options.log_info) : stderr_line),
        probe_interval_(std::max(1, options.probe_seconds)),
        catch_up_wait_(std::max(0, options.failover_sync_timeout_seconds)),
        upstream_key_(std::move(options.upstream_api_key)) {
    if (fallback_) watcher_ = std::thread([this] { watch(); });
  }

  ~ProxyBackend() override {
    if (!watcher_.joinable()) return;
    {
      std::lock_guard lock(state_mutex_);
      stopping_ = true;
    }
    state_changed_.notify_all();
    watcher_.join();
  }

  std::optional<HttpResponse> passThrough(const HttpRequest& request) override {
    if (!fallback_) {
      proxy::UpstreamResult result = client_.send(request);
      if (!result.answered) return proxy::upstream_error_reply(report_failure(request, result.cause, ""));
      if (on_exchange_) notify(request, result.response);
      return std::move(result.response);
    }
    // syncStatus is answered here, with the failover state (the desktop's AnkiConnect has no such action).
    if (request.body.find("syncStatus") != std::string::npos && proxy::request_action(request.body) == "syncStatus")
      return std::nullopt;
    if (mode_.load() != Mode::upstream) {
      wait_for_catch_up();
      return std::nullopt;
    }
    proxy::UpstreamResult result = client_.send(request);
    if (result.answered) {
      if (on_exchange_) notify(request, result.response);
      return std::move(result.response);
    }
    switch_to_native(result.cause);
    // A request that may have reached the upstream is repeated here only when it changes nothing.
    if (result.maybe_delivered && !proxy::is_read_only_request(request.body)) {
      std::string text = report_failure(request, result.cause, "; not repeated on the native backend: the upstream "
                                                               "may have carried it out");
      return proxy::upstream_error_reply(text + " (the request may have been carried out there; it was not "
                                                "repeated on the native backend)");
    }
    report_failure(request, result.cause, "; answering with the " + fallback_->name() + " backend");
    wait_for_catch_up();
    return std::nullopt;
  }

  boost::json::value call(const std::string& action, const boost::json::object& params) override {
    // The compat layer only calls here when passThrough declined, which it never does without a
    // fallback.
    if (!fallback_)
      throw ActionError("the proxy backend answers whole exchanges only; no fallback backend is configured");
    if (action == "syncStatus") {
      json::value out = fallback_->call(action, params);
      if (out.is_object()) out.as_object()["failover"] = failover_status();
      return out;
    }
    std::shared_lock lock(mode_mutex_);
    // Forwarding resumed between passThrough's decision and this call: the upstream answers it.
    if (mode_.load() == Mode::upstream) {
      lock.unlock();
      return forward_action(action, params);
    }
    if (!is_read_only_action(action)) ++native_writes_;
    return fallback_->call(action, params);
  }

  bool may_pass_through() const override { return true; }

  std::string name() const override { return "proxy"; }

  Backend* fallback() const { return fallback_.get(); }

  json::object failover_status() const {
    std::lock_guard lock(state_mutex_);
    json::object o;
    o["mode"] = mode_name(mode_.load());
    o["upstream"] = client_.base_url();
    o["since"] = since_ms_;
    o["reason"] = reason_;
    o["switchesToNative"] = switches_to_native_;
    o["switchesToUpstream"] = switches_to_upstream_;
    o["reconcileFailures"] = reconcile_failures_;
    o["lastReconcileError"] = last_reconcile_error_;
    o["catchUpSync"] = catch_up_result_;
    o["lastProbe"] = last_probe_ms_;
    o["lastProbeError"] = last_probe_error_;
    return o;
  }

 private:
  // Logs one failed exchange; returns the error text naming the upstream and the cause.
  std::string report_failure(const HttpRequest& request, const std::string& cause, const std::string& outcome) {
    std::string text = proxy::upstream_error_text(client_.base_url(), cause);
    log_error_(text + " [" + request.method + " " + request.target + " from " +
               (request.peer.empty() ? std::string("?") : request.peer) + "]" + outcome);
    return text;
  }

  // The hook must not turn an answered exchange into a failure.
  void notify(const HttpRequest& request, const HttpResponse& response) {
    try {
      on_exchange_(request, response);
    } catch (const std::exception& e) {
      log_error_(std::string("ankiconnectd: proxy: on_exchange hook failed: ") + e.what());
    } catch (...) {
      log_error_("ankiconnectd: proxy: on_exchange hook failed");
    }
  }

  // One action sent to the upstream as its own request (AnkiConnect API version 6): its result, or
  // ActionError with the upstream's error text.
  json::value forward_action(const std::string& action, const json::object& params) {
    proxy::UpstreamResult result = client_.send(own_request(action, upstream_key_, &params));
    if (!result.answered) {
      switch_to_native(result.cause);
      std::string text = proxy::upstream_error_text(client_.base_url(), result.cause);
      if (result.maybe_delivered && !is_read_only_action(action))
        throw ActionError(text + " (the request may have been carried out there; it was not repeated on the "
                                 "native backend)");
      log_error_(text + " [" + action + "]; answering with the " + fallback_->name() + " backend");
      wait_for_catch_up();
      std::shared_lock lock(mode_mutex_);
      if (!is_read_only_action(action)) ++native_writes_;
      return fallback_->call(action, params);
    }
    boost::system::error_code error;
    json::value reply = json::parse(result.response.body, error);
    if (error || !reply.is_object())
      throw ActionError("ankiconnectd proxy: upstream AnkiConnect at " + client_.base_url() +
                        " answered something that is not an AnkiConnect reply");
    const json::object& o = reply.as_object();
    if (auto e = o.find("error"); e != o.end() && !e->value().is_null())
      throw ActionError(e->value().is_string() ? std::string(e->value().as_string()) : json::serialize(e->value()));
    auto r = o.find("result");
    return r == o.end() ? json::value(nullptr) : r->value();
  }

  // upstream -> native (once per outage): the catch-up sync is due, the watcher runs it.
  void switch_to_native(const std::string& cause) {
    {
      std::unique_lock lock(mode_mutex_);
      if (mode_.load() != Mode::upstream) return;
      // Before any request reaches the native backend, its new ids start a minute ahead, past those
      // the desktop may have made ahead of the clock and not synced (storage::raise_new_row_id_floor).
      // A minute covers 60,000 such rows; the cost is a creation time up to a minute late.
      fallback_->reserve_new_ids_from(unix_ms_now() + kFailoverIdLeadMs);
      mode_ = Mode::native;
    }
    {
      std::lock_guard lock(state_mutex_);
      since_ms_ = unix_ms_now();
      reason_ = cause;
      ++switches_to_native_;
      ++catch_up_requested_;
      catch_up_result_ = "running";
    }
    state_changed_.notify_all();
    log_warn_("failover: upstream AnkiConnect at " + client_.base_url() + " is down (" + cause +
              "); answering from the " + fallback_->name() + " backend from now on, after a catch-up sync");
  }

  // Requests routed to the fallback wait for the catch-up sync, at most catch_up_wait_.
  void wait_for_catch_up() {
    std::unique_lock lock(state_mutex_);
    if (catch_up_done_ >= catch_up_requested_) return;
    bool done = state_changed_.wait_for(lock, catch_up_wait_,
                                        [&] { return stopping_ || catch_up_done_ >= catch_up_requested_; });
    if (!done && late_warned_ != catch_up_requested_) {
      late_warned_ = catch_up_requested_;
      lock.unlock();
      log_warn_("failover: the catch-up sync is still running after " + std::to_string(catch_up_wait_.count()) +
                " s; answering from the " + fallback_->name() + " backend without waiting for it");
    }
  }

  // The watcher thread: catch-up syncs as soon as they are due, probes every probe_interval_.
  void watch() {
    auto next_probe = SteadyClock::now();
    std::unique_lock lock(state_mutex_);
    while (!stopping_) {
      if (catch_up_done_ < catch_up_requested_) {
        std::uint64_t target = catch_up_requested_;
        lock.unlock();
        std::string outcome = catch_up();
        lock.lock();
        catch_up_done_ = target;
        catch_up_result_ = outcome;
        state_changed_.notify_all();
        continue;
      }
      if (SteadyClock::now() >= next_probe) {
        lock.unlock();
        probe();
        lock.lock();
        next_probe = SteadyClock::now() + probe_interval_;
        continue;
      }
      state_changed_.wait_until(lock, next_probe,
                                [&] { return stopping_ || catch_up_done_ < catch_up_requested_; });
    }
  }

  // A normal sync of the fallback; "" when it worked, else why not.
  std::string sync_fallback() {
    try {
      fallback_->call("sync", {});
      return "";
    } catch (const std::exception& e) {
      return e.what();
    }
  }

  std::string catch_up() {
    auto start = SteadyClock::now();
    std::string error = sync_fallback();
    if (error.empty()) {
      log_info_("failover: catch-up sync done in " + std::to_string(ms_since(start)) + " ms; the " +
                fallback_->name() + " backend answers with the account's latest collection");
      return "ok";
    }
    log_warn_("failover: the catch-up sync failed (" + error + "); the " + fallback_->name() +
              " backend answers from its collection as it is, which may lack the desktop's latest changes");
    return "failed: " + error;
  }

  void probe() {
    proxy::UpstreamResult r = probe_client_.send(own_request("version", upstream_key_));
    bool up = r.answered && r.response.status == 200;
    std::string cause = r.answered ? "HTTP status " + std::to_string(r.response.status) : r.cause;
    {
      std::lock_guard lock(state_mutex_);
      last_probe_ms_ = unix_ms_now();
      last_probe_error_ = up ? "" : cause;
    }
    if (mode_.load() == Mode::upstream) {
      if (!up) switch_to_native("probe: " + cause);
      return;
    }
    if (up) reconcile();
  }

  // The upstream answers again: push, let the desktop pull, pull, then forward (file comment).
  void reconcile() {
    {
      std::unique_lock lock(mode_mutex_);
      mode_ = Mode::reconciling;
    }
    log_info_("failover: upstream AnkiConnect at " + client_.base_url() +
              " answers again; reconciling (push the native changes, the desktop's sync) before forwarding");
    auto start = SteadyClock::now();
    std::string error;
    for (int pass = 0; pass < 2; ++pass) {
      // The second pass holds requests back (they wait in call()) so no write slips in between.
      std::unique_lock<std::shared_mutex> hold(mode_mutex_, std::defer_lock);
      if (pass == 1) hold.lock();
      std::uint64_t writes_before = native_writes_.load();
      error = reconcile_steps();
      if (!error.empty()) break;
      if (!hold.owns_lock()) hold.lock();
      if (native_writes_.load() != writes_before) {
        log_info_("failover: writes reached the native backend during the reconciliation; once more, holding "
                  "requests meanwhile");
        continue;
      }
      mode_ = Mode::upstream;
      {
        std::lock_guard lock(state_mutex_);
        since_ms_ = unix_ms_now();
        reason_.clear();
        ++switches_to_upstream_;
      }
      log_info_("failover: forwarding to the upstream AnkiConnect at " + client_.base_url() +
                " again (reconciled in " + std::to_string(ms_since(start)) + " ms)");
      return;
    }
    {
      std::unique_lock lock(mode_mutex_);
      mode_ = Mode::native;
    }
    {
      std::lock_guard lock(state_mutex_);
      ++reconcile_failures_;
      last_reconcile_error_ = error;
    }
    log_warn_("failover: reconciliation failed: " + error + "; still answering from the " + fallback_->name() +
              " backend, next try in " + std::to_string(probe_interval_.count()) + " s");
  }

  // "" when the native changes were pushed and the desktop synced; else what failed.
  std::string reconcile_steps() {
    std::string error = sync_fallback();
    if (error == "sync: auth not configured") {
      log_warn_("failover: the native profile has no syncKey: writes made while the upstream was down stay in "
                "the native collection and do not reach the desktop");
      return "";
    }
    if (!error.empty()) return "pushing the native changes: " + error;
    proxy::UpstreamResult r = client_.send(own_request("sync", upstream_key_));
    if (!r.answered) return "the desktop's sync: " + proxy::upstream_error_text(client_.base_url(), r.cause);
    boost::system::error_code parse_error;
    json::value reply = json::parse(r.response.body, parse_error);
    if (parse_error || !reply.is_object() || !reply.as_object().contains("error"))
      return "the desktop's sync: not an AnkiConnect reply (HTTP " + std::to_string(r.response.status) + ")";
    const json::value& e = reply.as_object().at("error");
    if (!e.is_null())
      return "the desktop's sync: " + (e.is_string() ? std::string(e.as_string()) : json::serialize(e));
    // The desktop's own unsynced changes are on the server now; take them (the next catch-up would too).
    error = sync_fallback();
    if (!error.empty())
      log_warn_("failover: taking the desktop's changes into the native collection failed (" + error +
                "); the next catch-up sync takes them");
    return "";
  }

  proxy::UpstreamClient client_;
  proxy::UpstreamClient probe_client_;
  std::function<void(const HttpRequest&, const HttpResponse&)> on_exchange_;
  std::unique_ptr<Backend> fallback_;
  std::function<void(const std::string&)> log_error_, log_warn_, log_info_;
  const std::chrono::seconds probe_interval_;
  const std::chrono::seconds catch_up_wait_;
  const std::optional<std::string> upstream_key_;

  // The mode; changed under mode_mutex_ held exclusively. Requests answered by the fallback hold it
  // shared while they run, so forwarding resumes only between them.
  std::atomic<Mode> mode_{Mode::upstream};
  mutable std::shared_mutex mode_mutex_;
  std::atomic<std::uint64_t> native_writes_{0};  // non-read-only actions the fallback ran

  // The watcher's schedule and what the status shows.
  mutable std::mutex state_mutex_;
  std::condition_variable state_changed_;
  bool stopping_ = false;
  std::uint64_t catch_up_requested_ = 0, catch_up_done_ = 0, late_warned_ = 0;
  std::int64_t since_ms_ = unix_ms_now();
  std::string reason_;
  std::int64_t switches_to_native_ = 0, switches_to_upstream_ = 0, reconcile_failures_ = 0;
  std::string last_reconcile_error_;
  std::string catch_up_result_ = "none";
  std::int64_t last_probe_ms_ = 0;
  std::string last_probe_error_;
  std::thread watcher_;
};

}  // namespace

std::unique_ptr<Backend> make_proxy_backend(ProxyOptions options) {
  return std::make_unique<ProxyBackend>(std::move(options));
}

std::optional<boost::json::object> proxy_failover_status(Backend& backend) {
  auto* proxy = dynamic_cast<ProxyBackend*>(&backend);
  if (!proxy || !proxy->fallback()) return std::nullopt;
  return proxy->failover_status();
}

Backend* proxy_fallback(Backend& backend) {
  auto* proxy = dynamic_cast<ProxyBackend*>(&backend);
  return proxy ? proxy->fallback() : nullptr;
}

}  // namespace ankc
