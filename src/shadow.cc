#include "src/shadow.h"

#include <pthread.h>
#include <sched.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "backends/action_error.h"
#include "backends/proxy/request_kind.h"
#include "backends/proxy/upstream_client.h"
#include "conformance/byte_diff.h"
#include "conformance/cassette.h"
#include "conformance/recorder.h"
#include "conformance/text_bytes.h"
#include "conformance/kinded_ids.h"

namespace ankc {

namespace {

namespace cf = ankc::conformance;

// Larger bodies are not parsed on the request path to see whether they change anything; with
// `actions: readonly` they are not mirrored (such bodies are writes in practice: storeMediaFile,
// addNotes, importPackage).
constexpr std::size_t kLargestParsedBody = 64 * 1024;
// The divergences file keeps at most this many exchanges (later ones are logged and counted only).
constexpr std::size_t kMostRecorded = 10000;

void stderr_line(const std::string& line) {
  std::string out = line + "\n";
  std::fwrite(out.data(), 1, out.size(), stderr);
}

cf::CassetteResponse to_cassette(const HttpResponse& r) {
  cf::CassetteResponse out;
  out.status = r.status;
  out.reason = cf::reason_phrase(r.status);
  for (const auto& [name, value] : r.headers) out.headers.push_back({name, value});
  out.body = r.body;
  return out;
}

// The name an exchange gets in the divergences cassette: 0001-<action>.
std::string exchange_name(int number, const std::string& body) {
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%04d", number);
  std::string action = proxy::request_action(body).value_or("");
  for (char& c : action)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return std::string(prefix) + (action.empty() ? "" : "-" + action.substr(0, 40));
}

struct Item {
  HttpRequest request;
  HttpResponse primary;
};

class ShadowBackend : public Backend {
 public:
  ShadowBackend(Web& web, ShadowOptions options)
      : web_(web),
        options_(std::move(options)),
        client_(options_.url, std::min(2000L, options_.timeout_ms), options_.timeout_ms),
        log_warn_(options_.log_warn ? options_.log_warn : stderr_line),
        log_info_(options_.log_info ? options_.log_info : stderr_line),
        random_(std::random_device{}()) {
    cf::CassetteHeader header;
    header.source = "shadow mode: the primary's answers (" + options_.primary_name + ") where the shadow " +
                    options_.url + " answered differently";
    header.emulation = options_.emulation;
    header.state = "unknown (live traffic; replay with --target " + options_.url + ")";
    lines_.push_back(cf::format_header(header));
    save();  // throws when `out` cannot be written: better at start than at the first divergence
    worker_ = std::thread([this] { run(); });
  }

  ~ShadowBackend() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
    log_info_("shadow: " + std::to_string(mirrored_) + " requests mirrored to " + options_.url + ", " +
              std::to_string(divergences_) + " divergences (in " + options_.out + "), " + std::to_string(dropped_) +
              " not mirrored (queue full), " + std::to_string(failed_) + " failed exchanges with the shadow");
  }

  std::optional<HttpResponse> passThrough(const HttpRequest& request) override {
    WebAnswer answer = web_.handle(request);
    if (eligible(request)) enqueue(request, answer.response);
    return std::move(answer.response);
  }

  boost::json::value call(const std::string&, const boost::json::object&) override {
    // passThrough answers every exchange, so the compat layer never calls here.
    throw ActionError("shadow: every exchange is answered by the primary backend");
  }

  // The outer Web picks lanes by action as for the primary: its answers come from the primary's Web.
  bool may_pass_through() const override { return options_.primary_passes_through; }

  std::string name() const override { return "shadow"; }

 private:
  bool eligible(const HttpRequest& request) {
    if (!options_.all_actions &&
        (request.body.size() > kLargestParsedBody || !proxy::is_read_only_request(request.body)))
      return false;
    if (options_.sample_rate >= 1) return true;
    std::lock_guard lock(mutex_);
    return std::uniform_real_distribution<double>(0, 1)(random_) < options_.sample_rate;
  }

  void enqueue(const HttpRequest& request, const HttpResponse& primary) {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.queue_limit) {
      if (dropped_++ % 1000 == 0)
        log_warn_("shadow: " + options_.url + " falls behind; requests are not mirrored while " +
                  std::to_string(options_.queue_limit) + " wait (" + std::to_string(dropped_) + " so far)");
      return;
    }
    queue_.push_back(Item{request, primary});
    wake_.notify_one();
  }

  void run() {
    // Mirroring is best effort and the primary never waits for it: the mirror thread (its
    // comparisons, its byte diffs) only gets the CPU the primary's threads leave idle.
    sched_param idle{};
    ::pthread_setschedparam(::pthread_self(), SCHED_IDLE, &idle);
    std::unique_lock lock(mutex_);
    bool draining = false;
    while (true) {
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued was mirrored
      if (stopping_ && !draining) {  // shutting down: finish what is queued at normal priority
        draining = true;
        sched_param normal{};
        ::pthread_setschedparam(::pthread_self(), SCHED_OTHER, &normal);
      }
      Item item = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      mirror(item);
      lock.lock();
    }
  }

  // Runs on the mirror thread only (so `ids_` needs no lock).
  void mirror(const Item& item) {
    HttpRequest request = item.request;
    request.target = ids_.rewrite_text(request.target);
    request.body = ids_.rewrite_request(request.body);  // ids the shadow handed out in place of the primary's
    proxy::UpstreamResult result = client_.send(request);
    if (!result.answered) {
      if (failed_++ % 100 == 0)
        log_warn_("shadow: " + options_.url + " did not answer: " + result.cause + " (" + std::to_string(failed_) +
                  " failed so far)");
      return;
    }
    ++mirrored_;
    std::string difference = compare(item.request.body, item.primary, result.response);
    if (difference.empty()) return;
    ++divergences_;
    std::string name = exchange_name(divergences_, item.request.body);
    log_warn_("shadow: divergence " + name + " from " + options_.url + ": " + difference);
    if (lines_.size() > kMostRecorded) return;
    cf::Exchange x = cf::exchange_from(item.request, item.primary, name);
    std::string shadow_body = cf::escape_for_line(result.response.body.substr(0, 500));
    x.note = "the shadow " + options_.url + " answered differently: " + difference + "; its body: " + shadow_body +
             (result.response.body.size() > 500 ? "…" : "");
    lines_.push_back(cf::format_exchange(x));
    try {
      save();
    } catch (const std::exception& e) {
      log_warn_(std::string("shadow: ") + e.what());
    }
    if (lines_.size() > kMostRecorded)
      log_warn_("shadow: " + options_.out + " holds " + std::to_string(kMostRecorded) +
                " divergences; later ones are logged only");
  }

  // "" when the shadow's response is the primary's up to the volatile values; else a byte diff. Ids are
  // paired by kind (conformance/kinded_ids.h): both sides hand out ids from the clock, and one side may
  // give a note and a card, or a deck and a note, the same number where the other does not.
  std::string compare(const std::string& request_body, const HttpResponse& primary, const HttpResponse& shadow) {
    cf::CassetteResponse expected = to_cassette(primary);
    cf::CassetteResponse actual = to_cassette(shadow);
    expected.body = ids_.reconcile(request_body, primary.body, shadow.body);
    for (cf::HeaderLine& h : expected.headers)
      if (cf::ascii_lower(h.name) == "content-length" && h.value == std::to_string(primary.body.size()))
        h.value = std::to_string(expected.body.size());
    std::string e = cf::render_response(expected), a = cf::render_response(actual);
    if (e == a) return "";
    if (expected.body != actual.body) return "body " + cf::describe_difference(expected.body, actual.body);
    return "head " + cf::describe_difference(e.substr(0, e.size() - expected.body.size()),
                                             a.substr(0, a.size() - actual.body.size()));
  }

  // The whole cassette, through a temporary file renamed over `out`.
  void save() {
    std::filesystem::path out(options_.out), tmp(options_.out + ".tmp");
    {
      std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
      for (const std::string& line : lines_) file << line << "\n";
      file.flush();
      if (!file) throw std::runtime_error("shadow: cannot write " + tmp.string());
    }
    std::error_code error;
    std::filesystem::rename(tmp, out, error);
    if (error) throw std::runtime_error("shadow: cannot write " + out.string() + ": " + error.message());
  }

  Web& web_;
  const ShadowOptions options_;
  proxy::UpstreamClient client_;
  std::function<void(const std::string&)> log_warn_, log_info_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::mt19937_64 random_;
  std::int64_t dropped_ = 0;

  // The mirror thread's own.
  cf::KindedIds ids_;  // primary id -> the shadow's, per kind
  std::vector<std::string> lines_;
  std::int64_t mirrored_ = 0, divergences_ = 0, failed_ = 0;
  std::thread worker_;
};

}  // namespace

std::unique_ptr<Backend> make_shadow_backend(Web& primary_web, ShadowOptions options) {
  return std::make_unique<ShadowBackend>(primary_web, std::move(options));
}

}  // namespace ankc
