#include "backends/proxy/proxy_backend.h"

#include <cstdio>
#include <exception>

#include "backends/action_error.h"
#include "backends/proxy/upstream_client.h"
#include "backends/proxy/upstream_error.h"

namespace ankc {

namespace {

// One line per event, written with a single call so lines from several threads do not interleave.
void stderr_line(const std::string& line) {
  std::string out = line + "\n";
  std::fwrite(out.data(), 1, out.size(), stderr);
}

class ProxyBackend : public Backend {
 public:
  explicit ProxyBackend(ProxyOptions options)
      : client_(options.upstream_url, options.connect_timeout_ms, options.timeout_ms),
        on_exchange_(std::move(options.on_exchange)),
        fallback_(std::move(options.fallback)),
        log_error_(options.log_error ? std::move(options.log_error) : stderr_line) {}

  std::optional<HttpResponse> passThrough(const HttpRequest& request) override {
    proxy::UpstreamResult result = client_.send(request);
    if (!result.answered) return upstream_failed(request, result.cause);
    if (on_exchange_) notify(request, result.response);
    return std::move(result.response);
  }

  boost::json::value call(const std::string& action, const boost::json::object& params) override {
    if (fallback_) return fallback_->call(action, params);
    // The compat layer only calls here when passThrough declined, which it never does without a
    // fallback.
    throw ActionError("the proxy backend answers whole exchanges only; no fallback backend is configured");
  }

  bool may_pass_through() const override { return true; }

  std::string name() const override { return "proxy"; }

 private:
  std::optional<HttpResponse> upstream_failed(const HttpRequest& request, const std::string& cause) {
    std::string text = proxy::upstream_error_text(client_.base_url(), cause);
    log_error_(text + " [" + request.method + " " + request.target + " from " +
             (request.peer.empty() ? std::string("?") : request.peer) + "]" +
             (fallback_ ? "; answering with the " + fallback_->name() + " backend" : std::string()));
    if (fallback_) return std::nullopt;
    return proxy::upstream_error_reply(text);
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

  proxy::UpstreamClient client_;
  std::function<void(const HttpRequest&, const HttpResponse&)> on_exchange_;
  std::unique_ptr<Backend> fallback_;
  std::function<void(const std::string&)> log_error_;
};

}  // namespace

std::unique_ptr<Backend> make_proxy_backend(ProxyOptions options) {
  return std::make_unique<ProxyBackend>(std::move(options));
}

}  // namespace ankc
