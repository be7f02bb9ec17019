#include "backends/native/sync/agent.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <fstream>
#include <iterator>

#include "backends/native/session.h"
#include "backends/native/storage/sync/sync.h"
#include "backends/native/sync/client/sync_error.h"

namespace ankc::native::sync {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : std::string();
}

}  // namespace

Agent::Agent(fs::path profile_folder, ClientAccount account, TransportOptions options, Log info, Log error)
    : profile_folder_(profile_folder), state_file_(profile_folder / "sync-state.json"), account_(std::move(account)), options_(std::move(options)),
      info_(std::move(info)), error_(std::move(error)) {
  load_state();
}

std::string Agent::endpoint() const {
  std::string configured = account_.endpoint && !account_.endpoint->empty() ? *account_.endpoint
                                                                             : std::string(kAnkiWebEndpoint);
  // A move recorded for another configured endpoint no longer applies.
  if (!moved_endpoint_.empty() && moved_from_ == configured) return moved_endpoint_;
  return configured;
}

void Agent::load_state() {
  std::ifstream in(state_file_, std::ios::binary);
  if (!in) return;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    if (error_) error_("ignoring an unreadable " + state_file_.string());
    return;
  }
  const json::object& o = v.as_object();
  moved_endpoint_ = str(o, "endpoint");
  moved_from_ = str(o, "movedFrom");
  last_result_ = str(o, "lastResult");
  last_error_ = str(o, "lastError");
  server_message_ = str(o, "serverMessage");
  if (auto it = o.find("lastSync"); it != o.end() && it->value().is_int64()) last_sync_ms_ = it->value().as_int64();
  if (auto it = o.find("lastSuccess"); it != o.end() && it->value().is_int64())
    last_success_ms_ = it->value().as_int64();
}

void Agent::save_state() {
  json::object o;
  o["endpoint"] = moved_endpoint_;
  o["movedFrom"] = moved_from_;
  o["lastSync"] = last_sync_ms_;
  o["lastSuccess"] = last_success_ms_;
  o["lastResult"] = last_result_;
  o["lastError"] = last_error_;
  o["serverMessage"] = server_message_;
  fs::path tmp = state_file_.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << json::serialize(o) << "\n";
    if (!out.flush()) {
      if (error_) error_("cannot write " + tmp.string());
      return;
    }
  }
  std::error_code ec;
  fs::rename(tmp, state_file_, ec);
  if (ec && error_) error_("cannot write " + state_file_.string() + ": " + ec.message());
}

SyncOutcome Agent::run(Session& session, FullSyncPolicy policy, const std::string& why) {
  if (!configured()) throw SyncError(SyncErrorKind::AuthFailed, "sync: auth not configured");
  auto started = std::chrono::steady_clock::now();
  auto elapsed_ms = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  };
  std::string configured_endpoint = account_.endpoint && !account_.endpoint->empty() ? *account_.endpoint
                                                                                      : std::string(kAnkiWebEndpoint);
  std::string from = endpoint();
  std::string who = account_.user ? " user '" + *account_.user + "'" : "";
  std::string moved_to;
  auto record_move = [&] {
    if (moved_to.empty()) return;
    moved_endpoint_ = moved_to;
    moved_from_ = configured_endpoint;
    if (info_) info_("sync: the server moved this account to " + moved_to + " (kept for later syncs)");
    moved_to.clear();
  };
  try {
    SyncOutcome out = sync_collection(session, from, *account_.key, policy, options_, &moved_to);
    record_move();
    last_sync_ms_ = wall_ms();
    last_success_ms_ = last_sync_ms_;
    last_result_ = out.done;
    last_error_.clear();
    ++runs_;
    last_duration_ms_ = elapsed_ms();
    server_message_ = out.server_message;
    // Both sides agree now: what the server would say, without asking it (file comment in agent.h).
    remote_ = RemoteCheck{steady_ms(), last_sync_ms_, "none", {}};
    save_state();
    std::string line = "sync (" + why + ") profile '" + session.profile_name() + "'" + who + " at " + out.endpoint +
                       ": " + out.done;
    if (out.done == "normal")
      line += ", sent " + std::to_string(out.counts.sent) + " objects, received " + std::to_string(out.counts.received);
    if (out.done == "upload" || out.done == "download")
      line += ", collection " + std::to_string(out.file_bytes) + " bytes";
    line += ", " + std::to_string(out.bytes_sent) + " bytes up, " + std::to_string(out.bytes_received) +
            " bytes down, " + std::to_string(elapsed_ms()) + " ms";
    if (!out.server_message.empty()) line += "; server says: " + out.server_message;
    LogEvent event("sync", false, line);
    event.add("trigger", why).add("profile", session.profile_name()).add("endpoint", out.endpoint).add("result", out.done);
    if (out.done == "normal") event.add("sent", int64_t(out.counts.sent)).add("received", int64_t(out.counts.received));
    if (out.done == "upload" || out.done == "download") event.add("collectionBytes", int64_t(out.file_bytes));
    event.add("bytesUp", int64_t(out.bytes_sent)).add("bytesDown", int64_t(out.bytes_received)).add("durationMs", elapsed_ms());
    emit(event);
    return out;
  } catch (const SyncError& e) {
    record_move();  // meta succeeded at the new endpoint before the failure
    last_sync_ms_ = wall_ms();
    last_result_ = "error";
    last_error_ = e.what();
    remote_ = RemoteCheck{};
    ++runs_;
    ++failures_;
    last_duration_ms_ = elapsed_ms();
    save_state();
    if (e.kind() != SyncErrorKind::FullSyncRequired)
      emit(LogEvent("sync", true,
                    "sync (" + why + ") profile '" + session.profile_name() + "'" + who + " at " + from + " failed after " +
                        std::to_string(elapsed_ms()) + " ms: " + e.what())
               .add("trigger", why)
               .add("profile", session.profile_name())
               .add("endpoint", from)
               .add("result", "error")
               .add("durationMs", elapsed_ms())
               .add("error", e.what()));
    throw;
  }
}

bool Agent::sync_media(std::optional<int32_t> media_usn, const std::string& why) {
  if (!configured()) return false;
  std::lock_guard one_at_a_time(media_mutex_);
  media_running_ = true;
  media_progress_.reset();
  auto started = std::chrono::steady_clock::now();
  std::string from = endpoint();
  bool ok = true;
  std::string error;
  try {
    Transport t(normalize_endpoint(from), *account_.key, options_);
    media_sync(profile_folder_ / "collection.media", profile_folder_, t, media_usn, media_progress_);
  } catch (const SyncError& e) {
    ok = false;
    error = e.what();
  } catch (const std::exception& e) {
    ok = false;
    error = std::string("media sync: ") + e.what();
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  {
    std::lock_guard lock(media_state_mutex_);
    media_result_ = ok ? "ok" : "error";
    media_error_ = error;
    media_last_ms_ = wall_ms();
    ++media_runs_;
    if (!ok) ++media_failures_;
    media_files_down_ += int64_t(media_progress_.downloaded.load());
    media_files_up_ += int64_t(media_progress_.uploaded.load());
    media_bytes_down_ += int64_t(media_progress_.bytes_down.load());
    media_bytes_up_ += int64_t(media_progress_.bytes_up.load());
  }
  media_running_ = false;
  const MediaProgress& p = media_progress_;
  std::string line = ok ? "media sync (" + why + ") at " + from + ": " + std::to_string(p.downloaded) + " files down (" +
                              std::to_string(p.bytes_down) + " bytes), " + std::to_string(p.uploaded) + " up (" +
                              std::to_string(p.bytes_up) + " bytes), " + std::to_string(p.deleted_here) +
                              " deleted here, " + std::to_string(p.deleted_there) + " deleted there, " +
                              std::to_string(ms) + " ms"
                        : "media sync (" + why + ") at " + from + " failed after " + std::to_string(ms) + " ms: " + error;
  LogEvent event("media_sync", !ok, line);
  event.add("trigger", why).add("endpoint", from).add("result", ok ? "ok" : "error");
  event.add("filesDown", int64_t(p.downloaded.load())).add("bytesDown", int64_t(p.bytes_down.load()));
  event.add("filesUp", int64_t(p.uploaded.load())).add("bytesUp", int64_t(p.bytes_up.load()));
  event.add("deletedHere", int64_t(p.deleted_here.load())).add("deletedThere", int64_t(p.deleted_there.load()));
  event.add("durationMs", int64_t(ms));
  if (!ok) event.add("error", error);
  emit(event);
  return ok;
}

void Agent::emit(const LogEvent& event) const {
  if (events_) events_(event);
  else if (event.error && error_) error_(event.text);
  else if (!event.error && info_) info_(event.text);
}

std::string Agent::offline_required(Session& session) {
  storage::LocalMeta local = storage::local_meta(session.db());
  if (local.ls == 0) return "unknown";
  if (local.scm > local.ls) return "full";
  if (local.mod > local.ls) return "normal";
  return "none";
}

json::object Agent::local_status() const {
  auto time_or_null = [](int64_t ms) { return ms ? json::value(ms / 1000) : json::value(nullptr); };
  auto text_or_null = [](const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); };
  json::object o;
  o["configured"] = configured();
  o["endpoint"] = endpoint();
  o["user"] = account_.user ? json::value(*account_.user) : json::value(nullptr);
  o["lastSync"] = time_or_null(last_sync_ms_);
  o["lastSuccess"] = time_or_null(last_success_ms_);
  o["lastResult"] = text_or_null(last_result_);
  o["lastError"] = text_or_null(last_error_);
  o["runs"] = runs_;
  o["failures"] = failures_;
  o["lastDurationMs"] = last_duration_ms_;
  json::object media;
  media["running"] = media_running_.load();
  std::lock_guard lock(media_state_mutex_);
  media["lastSync"] = time_or_null(media_last_ms_);
  media["lastResult"] = text_or_null(media_result_);
  media["lastError"] = text_or_null(media_error_);
  media["runs"] = media_runs_;
  media["failures"] = media_failures_;
  media["filesDown"] = media_files_down_;
  media["filesUp"] = media_files_up_;
  media["bytesDown"] = media_bytes_down_;
  media["bytesUp"] = media_bytes_up_;
  o["media"] = std::move(media);
  return o;
}

json::object Agent::status(Session& session, bool running) {
  json::object o;
  o["configured"] = configured();
  o["endpoint"] = endpoint();
  o["user"] = account_.user ? json::value(*account_.user) : json::value(nullptr);
  o["running"] = running;
  o["lastSync"] = last_sync_ms_ ? json::value(last_sync_ms_ / 1000) : json::value(nullptr);
  o["lastResult"] = last_result_.empty() ? json::value(nullptr) : json::value(last_result_);
  o["lastError"] = last_error_.empty() ? json::value(nullptr) : json::value(last_error_);
  std::string required = offline_required(session);
  std::string message = server_message_;
  o["error"] = nullptr;
  if (configured() && !running) {
    json::array directions;
    bool fresh = remote_.steady_ms != 0 && steady_ms() - remote_.steady_ms < kRemoteCheckSeconds * 1000;
    if (!fresh) {
      try {
        Status s = sync_status(session, endpoint(), *account_.key, options_);
        remote_.steady_ms = steady_ms();
        remote_.wall_ms = wall_ms();
        remote_.required = s.required == Required::NoChanges    ? "none"
                           : s.required == Required::NormalSync ? "normal"
                                                                : "full";
        remote_.directions = s.required == Required::FullDownload ? std::vector<std::string>{"download"}
                             : s.required == Required::FullUpload ? std::vector<std::string>{"upload"}
                             : s.required == Required::FullSync   ? std::vector<std::string>{"upload", "download"}
                                                                  : std::vector<std::string>{};
        server_message_ = s.remote.msg;
        message = server_message_;
      } catch (const SyncError& e) {
        remote_ = RemoteCheck{};
        o["error"] = e.what();
      }
    }
    if (remote_.steady_ms != 0) {
      // The local changes since the check count too: the worse of the two.
      auto rank = [](const std::string& r) { return r == "full" ? 2 : r == "normal" ? 1 : 0; };
      if (required == "unknown" || rank(remote_.required) >= rank(required)) {
        required = remote_.required;
        for (const std::string& d : remote_.directions) directions.emplace_back(d);
      } else if (required == "full") {
        directions = json::array{"upload", "download"};
      }
    }
    o["fullSyncDirections"] = std::move(directions);
  }
  o["checked"] = remote_.wall_ms ? json::value(remote_.wall_ms / 1000) : json::value(nullptr);
  o["required"] = required;
  o["serverMessage"] = message;
  json::object media;
  media["running"] = media_running_.load();
  media["downloaded"] = media_progress_.downloaded.load();
  media["toDownload"] = media_progress_.to_download.load();
  media["uploaded"] = media_progress_.uploaded.load();
  media["toUpload"] = media_progress_.to_upload.load();
  media["bytesDown"] = media_progress_.bytes_down.load();
  media["bytesUp"] = media_progress_.bytes_up.load();
  {
    std::lock_guard lock(media_state_mutex_);
    media["lastSync"] = media_last_ms_ ? json::value(media_last_ms_ / 1000) : json::value(nullptr);
    media["lastResult"] = media_result_.empty() ? json::value(nullptr) : json::value(media_result_);
    media["lastError"] = media_error_.empty() ? json::value(nullptr) : json::value(media_error_);
  }
  o["media"] = std::move(media);
  return o;
}

}  // namespace ankc::native::sync
