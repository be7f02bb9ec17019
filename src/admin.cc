#include "src/admin.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>

namespace ankc {
namespace {

namespace json = boost::json;

// --- reading native_admin_status ----------------------------------------------------------------

const json::object* object_at(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}

const json::array* profiles_of(const AdminView& view) {
  if (!view.native) return nullptr;
  auto it = view.native->find("profiles");
  return it != view.native->end() && it->value().is_array() ? &it->value().as_array() : nullptr;
}

std::optional<std::int64_t> int_at(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64()) return std::int64_t(it->value().as_uint64());
  return std::nullopt;
}

std::string text_at(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : std::string();
}

bool bool_at(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_bool() && it->value().as_bool();
}

// --- Prometheus text format --------------------------------------------------------------------

std::string number(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string label_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

class MetricsText {
 public:
  void family(const char* name, const char* type, const char* help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }
  void sample(const std::string& name, const std::vector<std::pair<std::string, std::string>>& labels, double v) {
    out_ += name;
    if (!labels.empty()) {
      out_ += '{';
      bool first = true;
      for (const auto& [k, value] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += k + "=\"" + label_value(value) + "\"";
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += number(v);
    out_ += '\n';
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// --- HTML ----------------------------------------------------------------------------------------

std::string html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string utc_time(std::int64_t unix_seconds) {
  std::time_t t = std::time_t(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string duration_text(std::int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 7200) return std::to_string(seconds / 60) + " min";
  if (seconds < 172800) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " days";
}

std::string bytes_text(std::int64_t bytes) {
  char buf[32];
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < (1 << 20)) std::snprintf(buf, sizeof buf, "%.1f KiB", double(bytes) / 1024);
  else if (bytes < (std::int64_t(1) << 30)) std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / (1 << 20));
  else std::snprintf(buf, sizeof buf, "%.2f GiB", double(bytes) / double(std::int64_t(1) << 30));
  return buf;
}

std::string count_text(const json::object& o, const char* key) {
  auto v = int_at(o, key);
  return v ? std::to_string(*v) : "?";
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;
  background:#f6f7f9;color:#1d2330;line-height:1.4}
main{max-width:60rem;margin:0 auto}
h1{font-size:1.4rem;margin:.2rem 0}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600;color:#fff}
.ok{background:#2e7d32}.bad{background:#c62828}.idle{background:#6b7280}
.card{background:#fff;border-radius:.5rem;padding:.8rem 1rem;margin:.6rem 0;box-shadow:0 1px 2px #0002}
.card h3{margin:0 0 .4rem;font-size:1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dt{color:#555}dd{margin:0;overflow-wrap:anywhere}
.error{color:#c62828}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e5e8;white-space:nowrap}
small{color:#666}
)";

void append_profile(std::string& out, const json::object& p, std::int64_t now_s) {
  std::string name = text_at(p, "name");
  out += "<section class=\"card profile\"><h3>" + html(name);
  if (bool_at(p, "active")) out += " <small>(active)</small>";
  out += "</h3><dl>";
  auto exists = p.find("exists");
  if (exists != p.end() && exists->value().is_bool() && !exists->value().as_bool()) {
    out += "<dt>Collection</dt><dd>not created yet (made when the profile is first loaded)</dd>";
  } else {
    out += "<dt>Notes</dt><dd class=\"notes\">" + count_text(p, "notes") + "</dd>";
    out += "<dt>Cards</dt><dd class=\"cards\">" + count_text(p, "cards") + "</dd>";
    out += "<dt>Collection</dt><dd>" + bytes_text(int_at(p, "collectionBytes").value_or(0)) + "</dd>";
  }
  if (auto it = p.find("open"); it != p.end() && it->value().is_bool() && !it->value().as_bool())
    out += "<dt>Opens</dt><dd class=\"error\">no: " + html(text_at(p, "openError")) + "</dd>";
  if (const json::object* backups = object_at(p, "backups")) {
    std::int64_t count = int_at(*backups, "count").value_or(0);
    out += "<dt>Backups</dt><dd class=\"backups\">" + std::to_string(count);
    if (count > 0) {
      out += " (" + bytes_text(int_at(*backups, "bytes").value_or(0)) + ")";
      if (auto newest = int_at(*backups, "newest")) out += ", newest " + duration_text(now_s - *newest) + " ago";
    }
    out += "</dd>";
  }
  const json::object* sync = object_at(p, "sync");
  if (bool_at(p, "syncServed")) out += "<dt>Sync</dt><dd>served to sync clients (sync server)</dd>";
  if (!sync || !bool_at(*sync, "configured")) {
    if (!bool_at(p, "syncServed")) out += "<dt>Sync</dt><dd>not configured</dd>";
  } else {
    std::string result = text_at(*sync, "lastResult");
    std::string state = result.empty() ? "never synced" : result == "error" ? "failing" : "synced (" + result + ")";
    out += "<dt>Sync</dt><dd class=\"sync-state\">" + html(state) + "</dd>";
    out += "<dt>Server</dt><dd>" + html(text_at(*sync, "endpoint"));
    if (auto user = text_at(*sync, "user"); !user.empty()) out += " as " + html(user);
    out += "</dd>";
    if (auto last = int_at(*sync, "lastSync"))
      out += "<dt>Last sync</dt><dd>" + utc_time(*last) + " (" + duration_text(now_s - *last) + " ago)</dd>";
    if (auto ok = int_at(*sync, "lastSuccess"); ok && *ok)
      out += "<dt>Last success</dt><dd>" + utc_time(*ok) + "</dd>";
    if (auto err = text_at(*sync, "lastError"); !err.empty())
      out += "<dt>Last error</dt><dd class=\"error sync-error\">" + html(err) + "</dd>";
    out += "<dt>Runs</dt><dd>" + count_text(*sync, "runs") + " since start, " + count_text(*sync, "failures") +
           " failed</dd>";
    if (const json::object* media = object_at(*sync, "media")) {
      std::string mresult = text_at(*media, "lastResult");
      out += "<dt>Media sync</dt><dd>" +
             html(bool_at(*media, "running") ? "running" : mresult.empty() ? "not run yet" : mresult) + ", " +
             count_text(*media, "filesDown") + " files down, " + count_text(*media, "filesUp") + " up</dd>";
      if (auto err = text_at(*media, "lastError"); !err.empty())
        out += "<dt>Media error</dt><dd class=\"error\">" + html(err) + "</dd>";
    }
  }
  out += "</dl></section>\n";
}

}  // namespace

// --- health ----------------------------------------------------------------------------------------

namespace {
// health_of without the failover note.
Health health_without_failover(const AdminView& view) {
  if (!view.native) return {true, "ok (" + view.backend + " backend)"};
  const json::array* profiles = profiles_of(view);
  std::string busy = text_at(*view.native, "busy");
  if (!profiles) return {true, "ok (" + busy + ")"};
  for (const auto& v : *profiles) {
    if (!v.is_object()) continue;
    const json::object& p = v.as_object();
    if (!bool_at(p, "active")) continue;
    std::string name = text_at(p, "name");
    if (auto it = p.find("open"); it != p.end() && it->value().is_bool() && !it->value().as_bool())
      return {false, "profile '" + name + "': the collection does not open: " + text_at(p, "openError")};
    const json::object* sync = object_at(p, "sync");
    if (sync && bool_at(*sync, "configured") && text_at(*sync, "lastResult") == "error")
      return {false, "profile '" + name + "': the last sync failed: " + text_at(*sync, "lastError")};
  }
  return {true, busy.empty() ? "ok" : "ok (" + busy + ")"};
}

// With proxyFailover: the mode, and why it is not forwarding ("" when it is).
std::string failover_note(const AdminView& view) {
  if (!view.failover) return "";
  std::string mode = text_at(*view.failover, "mode");
  if (mode == "upstream") return "";
  return "; answering from native (" + mode + "): " + text_at(*view.failover, "reason");
}
}  // namespace

Health health_of(const AdminView& view) {
  Health h = health_without_failover(view);
  if (h.ok) h.reason += failover_note(view);
  return h;
}

// --- /metrics ----------------------------------------------------------------------------------------

std::string render_metrics(const AdminView& view) {
  MetricsText m;
  m.family("ankiconnectd_build_info", "gauge", "Version and backend of the running ankiconnectd.");
  m.sample("ankiconnectd_build_info", {{"version", view.version}, {"backend", view.backend}}, 1);
  m.family("ankiconnectd_uptime_seconds", "gauge", "Seconds since the process started.");
  m.sample("ankiconnectd_uptime_seconds", {}, double(view.now_unix_ms - view.start_unix_ms) / 1000);
  m.family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
  m.sample("process_start_time_seconds", {}, double(view.start_unix_ms / 1000));
  m.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  m.sample("process_resident_memory_bytes", {}, double(view.rss_bytes));

  m.family("ankiconnectd_requests_total", "counter",
           "AnkiConnect requests answered, by action and outcome (ok, error, forbidden, refused).");
  for (const auto& [key, count] : view.requests.requests)
    m.sample("ankiconnectd_requests_total", {{"action", key.first}, {"outcome", key.second}}, double(count));
  m.family("ankiconnectd_request_duration_seconds", "histogram", "Time to answer a request, by action.");
  for (const auto& [action, h] : view.requests.latency) {
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i)
      m.sample("ankiconnectd_request_duration_seconds_bucket", {{"action", action}, {"le", number(kLatencyBuckets[i])}},
               double(h.buckets[i]));
    m.sample("ankiconnectd_request_duration_seconds_bucket", {{"action", action}, {"le", "+Inf"}}, double(h.count));
    m.sample("ankiconnectd_request_duration_seconds_sum", {{"action", action}}, h.sum);
    m.sample("ankiconnectd_request_duration_seconds_count", {{"action", action}}, double(h.count));
  }
  m.family("ankiconnectd_requests_in_flight", "gauge", "Requests being answered now.");
  m.sample("ankiconnectd_requests_in_flight", {}, double(view.requests.in_flight));

  if (view.failover) {
    const std::string mode = text_at(*view.failover, "mode");
    m.family("ankiconnectd_failover_mode", "gauge",
             "proxyFailover: 1 for the current mode (upstream: forwarding; native: answering from the native "
             "backend; reconciling: syncing before forwarding again).");
    for (const char* each : {"upstream", "native", "reconciling"})
      m.sample("ankiconnectd_failover_mode", {{"mode", each}}, mode == each ? 1 : 0);
    m.family("ankiconnectd_failover_switches_total", "counter", "proxyFailover: switches, by the side switched to.");
    m.sample("ankiconnectd_failover_switches_total", {{"to", "native"}},
             double(int_at(*view.failover, "switchesToNative").value_or(0)));
    m.sample("ankiconnectd_failover_switches_total", {{"to", "upstream"}},
             double(int_at(*view.failover, "switchesToUpstream").value_or(0)));
    m.family("ankiconnectd_failover_reconcile_failures_total", "counter",
             "proxyFailover: reconciliations (push, desktop sync) that failed and were retried.");
    m.sample("ankiconnectd_failover_reconcile_failures_total", {},
             double(int_at(*view.failover, "reconcileFailures").value_or(0)));
  }

  const json::array* profiles = profiles_of(view);
  if (!view.native) return m.take();
  m.family("ankiconnectd_collection_busy", "gauge",
           "1 when the collection was held too long to read fresh figures (the figures below are the last known).");
  m.sample("ankiconnectd_collection_busy", {}, text_at(*view.native, "busy").empty() ? 0 : 1);
  if (!profiles) return m.take();

  struct Gauge {
    const char* name;
    const char* type;
    const char* help;
    std::function<std::optional<double>(const json::object& profile, const json::object* sync,
                                        const json::object* media)>
        value;
  };
  auto opt = [](std::optional<std::int64_t> v) { return v ? std::optional<double>(double(*v)) : std::nullopt; };
  const std::vector<Gauge> gauges = {
      {"ankiconnectd_profile_active", "gauge", "1 for the active profile.",
       [](const json::object& p, auto, auto) { return std::optional<double>(bool_at(p, "active") ? 1 : 0); }},
      {"ankiconnectd_profile_notes", "gauge", "Notes in the profile's collection.",
       [&](const json::object& p, auto, auto) { return opt(int_at(p, "notes")); }},
      {"ankiconnectd_profile_cards", "gauge", "Cards in the profile's collection.",
       [&](const json::object& p, auto, auto) { return opt(int_at(p, "cards")); }},
      {"ankiconnectd_collection_size_bytes", "gauge", "Size of the profile's collection.anki2 file.",
       [&](const json::object& p, auto, auto) { return opt(int_at(p, "collectionBytes")); }},
      {"ankiconnectd_collection_open", "gauge", "1 when the active profile's collection opens, 0 when it fails to.",
       [](const json::object& p, auto, auto) -> std::optional<double> {
         auto it = p.find("open");
         if (it == p.end() || !it->value().is_bool()) return std::nullopt;
         return it->value().as_bool() ? 1 : 0;
       }},
      {"ankiconnectd_sync_configured", "gauge", "1 when the profile has a sync key.",
       [](const json::object&, const json::object* s, auto) {
         return std::optional<double>(s && bool_at(*s, "configured") ? 1 : 0);
       }},
      {"ankiconnectd_sync_runs_total", "counter", "Collection syncs run since start.",
       [&](auto&, const json::object* s, auto) { return s ? opt(int_at(*s, "runs")) : std::nullopt; }},
      {"ankiconnectd_sync_failures_total", "counter", "Collection syncs failed since start.",
       [&](auto&, const json::object* s, auto) { return s ? opt(int_at(*s, "failures")) : std::nullopt; }},
      {"ankiconnectd_sync_last_success_timestamp_seconds", "gauge", "When the last successful sync ended (Unix time).",
       [&](auto&, const json::object* s, auto) { return s ? opt(int_at(*s, "lastSuccess")) : std::nullopt; }},
      {"ankiconnectd_sync_last_duration_seconds", "gauge", "How long the last sync since start took.",
       [&](auto&, const json::object* s, auto) -> std::optional<double> {
         auto ms = s ? int_at(*s, "lastDurationMs") : std::nullopt;
         return ms ? std::optional<double>(double(*ms) / 1000) : std::nullopt;
       }},
      {"ankiconnectd_sync_last_failed", "gauge", "1 when the profile's last sync failed.",
       [](auto&, const json::object* s, auto) -> std::optional<double> {
         if (!s || !bool_at(*s, "configured")) return std::nullopt;
         return text_at(*s, "lastResult") == "error" ? 1 : 0;
       }},
      {"ankiconnectd_media_sync_runs_total", "counter", "Media syncs run since start.",
       [&](auto&, auto, const json::object* md) { return md ? opt(int_at(*md, "runs")) : std::nullopt; }},
      {"ankiconnectd_media_sync_failures_total", "counter", "Media syncs failed since start.",
       [&](auto&, auto, const json::object* md) { return md ? opt(int_at(*md, "failures")) : std::nullopt; }},
  };
  auto each_profile = [&](auto&& fn) {
    for (const auto& v : *profiles) {
      if (!v.is_object()) continue;
      const json::object& p = v.as_object();
      const json::object* sync = object_at(p, "sync");
      const json::object* media = sync ? object_at(*sync, "media") : nullptr;
      fn(p, sync, media);
    }
  };
  for (const Gauge& g : gauges) {
    m.family(g.name, g.type, g.help);
    each_profile([&](const json::object& p, const json::object* sync, const json::object* media) {
      if (auto v = g.value(p, sync, media)) m.sample(g.name, {{"profile", text_at(p, "name")}}, *v);
    });
  }
  auto backups_of = [](const json::object& p) { return object_at(p, "backups"); };
  m.family("ankiconnectd_backups", "gauge", "Backups in the profile's backups folder.");
  each_profile([&](const json::object& p, auto, auto) {
    if (auto* b = backups_of(p)) m.sample("ankiconnectd_backups", {{"profile", text_at(p, "name")}}, double(int_at(*b, "count").value_or(0)));
  });
  m.family("ankiconnectd_backups_bytes", "gauge", "Bytes of the profile's backups.");
  each_profile([&](const json::object& p, auto, auto) {
    if (auto* b = backups_of(p)) m.sample("ankiconnectd_backups_bytes", {{"profile", text_at(p, "name")}}, double(int_at(*b, "bytes").value_or(0)));
  });
  m.family("ankiconnectd_backup_last_timestamp_seconds", "gauge", "When the newest backup was written (Unix time).");
  each_profile([&](const json::object& p, auto, auto) {
    auto* b = backups_of(p);
    auto newest = b ? int_at(*b, "newest") : std::nullopt;
    if (newest) m.sample("ankiconnectd_backup_last_timestamp_seconds", {{"profile", text_at(p, "name")}}, double(*newest));
  });
  m.family("ankiconnectd_media_sync_files_total", "counter", "Media files moved by media syncs since start.");
  each_profile([&](const json::object& p, auto, const json::object* media) {
    if (!media) return;
    m.sample("ankiconnectd_media_sync_files_total", {{"profile", text_at(p, "name")}, {"direction", "down"}},
             double(int_at(*media, "filesDown").value_or(0)));
    m.sample("ankiconnectd_media_sync_files_total", {{"profile", text_at(p, "name")}, {"direction", "up"}},
             double(int_at(*media, "filesUp").value_or(0)));
  });
  m.family("ankiconnectd_media_sync_bytes_total", "counter", "Media bytes moved by media syncs since start.");
  each_profile([&](const json::object& p, auto, const json::object* media) {
    if (!media) return;
    m.sample("ankiconnectd_media_sync_bytes_total", {{"profile", text_at(p, "name")}, {"direction", "down"}},
             double(int_at(*media, "bytesDown").value_or(0)));
    m.sample("ankiconnectd_media_sync_bytes_total", {{"profile", text_at(p, "name")}, {"direction", "up"}},
             double(int_at(*media, "bytesUp").value_or(0)));
  });
  return m.take();
}

// --- the status page ---------------------------------------------------------------------------------

std::string render_status_page(const AdminView& view) {
  Health health = health_of(view);
  std::int64_t now_s = view.now_unix_ms / 1000;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta http-equiv=\"refresh\" content=\"30\"><title>ankiconnectd</title><style>";
  out += kStyle;
  out += "</style></head><body><main>\n";
  out += "<h1>ankiconnectd " + html(view.version) + "</h1>\n";
  out += std::string("<p><span id=\"health\" class=\"badge ") + (health.ok ? "ok\">healthy" : "bad\">unhealthy") +
         "</span> <span id=\"health-reason\">" + html(health.reason) + "</span></p>\n";
  out += "<p><small>" + html(view.backend) + " backend · up " +
         duration_text((view.now_unix_ms - view.start_unix_ms) / 1000) + " · " +
         bytes_text(view.rss_bytes) + " resident · " + utc_time(now_s) + "</small></p>\n";

  if (view.failover) {
    const json::object& f = *view.failover;
    std::string mode = text_at(f, "mode");
    out += "<h2>Failover</h2>\n<section class=\"card\"><dl id=\"failover\">";
    out += "<dt>Mode</dt><dd id=\"failover-mode\">" +
           html(mode == "upstream"  ? "forwarding to the desktop"
                : mode == "native"  ? "answering from native (desktop down)"
                                    : "reconciling before forwarding") +
           "</dd>";
    out += "<dt>Upstream</dt><dd>" + html(text_at(f, "upstream")) + "</dd>";
    if (auto since = int_at(f, "since")) out += "<dt>Since</dt><dd>" + utc_time(*since / 1000) + "</dd>";
    if (!text_at(f, "reason").empty()) out += "<dt>Why</dt><dd class=\"error\">" + html(text_at(f, "reason")) + "</dd>";
    out += "<dt>Switches</dt><dd>" + std::to_string(int_at(f, "switchesToNative").value_or(0)) + " to native, " +
           std::to_string(int_at(f, "switchesToUpstream").value_or(0)) + " back</dd>";
    out += "<dt>Catch-up sync</dt><dd>" + html(text_at(f, "catchUpSync")) + "</dd>";
    if (!text_at(f, "lastReconcileError").empty())
      out += "<dt>Last reconciliation error</dt><dd class=\"error\">" + html(text_at(f, "lastReconcileError")) +
             "</dd>";
    out += "</dl></section>\n";
  }

  if (const json::array* profiles = profiles_of(view)) {
    out += "<h2>Profiles</h2>\n";
    for (const auto& v : *profiles)
      if (v.is_object()) append_profile(out, v.as_object(), now_s);
  }

  out += "<h2>Recent requests</h2>\n";
  if (view.requests.recent.empty()) {
    out += "<p>None yet.</p>\n";
  } else {
    out += "<div class=\"scroll\"><table id=\"requests\"><tr><th>time</th><th>#</th><th>action</th><th>client</th>"
           "<th>status</th><th>ms</th></tr>\n";
    for (const RequestRecord& r : view.requests.recent) {
      char ms[32];
      std::snprintf(ms, sizeof ms, "%.1f", r.seconds * 1000);
      std::string status = std::to_string(r.status);
      if (r.outcome != Outcome::ok) status += std::string(" ") + outcome_name(r.outcome);
      out += "<tr><td>" + utc_time(r.unix_ms / 1000).substr(11, 8) + "</td><td>" + std::to_string(r.id) +
             "</td><td>" + html(r.action.empty() ? "-" : r.action) + "</td><td>" + html(r.client) + "</td><td>" +
             html(status) + "</td><td>" + ms + "</td></tr>\n";
    }
    out += "</table></div>\n";
  }

  out += "<h2>Configuration</h2>\n<section class=\"card\"><dl id=\"config\">";
  for (const auto& [key, value] : view.config) out += "<dt>" + html(key) + "</dt><dd>" + html(value) + "</dd>";
  out += "</dl></section>\n</main></body></html>\n";
  return out;
}

// --- the service ---------------------------------------------------------------------------------------

bool is_loopback_address(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address == "[::1]" || address == "localhost";
}

AdminReply AdminService::handle(const AdminRequest& request) const {
  if (key_) {
    std::optional<std::string> given = request.x_api_key ? request.x_api_key : request.query_key;
    if (request.authorization && request.authorization->rfind("Bearer ", 0) == 0)
      given = request.authorization->substr(7);
    if (given != key_) return {401, "text/plain; charset=utf-8", "unauthorized: this listener asks for the apiKey\n"};
  }
  if (request.method != "GET" && request.method != "HEAD")
    return {405, "text/plain; charset=utf-8", "method not allowed\n"};
  if (request.path == "/metrics")
    return {200, "text/plain; version=0.0.4; charset=utf-8", render_metrics(view_())};
  if (request.path == "/healthz") {
    Health h = health_of(view_());
    return {h.ok ? 200 : 503, "text/plain; charset=utf-8", h.reason + "\n"};
  }
  if (request.path == "/" || request.path == "/index.html")
    return {200, "text/html; charset=utf-8", render_status_page(view_())};
  return {404, "text/plain; charset=utf-8", "not found: try /, /metrics or /healthz\n"};
}

std::int64_t process_rss_bytes() {
  std::ifstream in("/proc/self/statm");
  long long size = 0, resident = 0;
  if (!(in >> size >> resident)) return 0;
  return std::int64_t(resident) * std::int64_t(sysconf(_SC_PAGESIZE));
}

// --- the listener --------------------------------------------------------------------------------------

namespace {

class AdminHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(AdminHandler)
  explicit AdminHandler(std::shared_ptr<AdminService> service) : service_(std::move(service)) {}

  void onRequest(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter response) override {
    AdminRequest r;
    r.method = Pistache::Http::methodString(request.method());
    r.path = request.resource();
    r.query_key = request.query().get("key");
    if (auto raw = request.headers().tryGetRaw("Authorization")) r.authorization = raw->value();
    if (auto raw = request.headers().tryGetRaw("X-Api-Key")) r.x_api_key = raw->value();
    AdminReply reply;
    try {
      reply = service_->handle(r);
    } catch (const std::exception& e) {
      reply = {500, "text/plain; charset=utf-8", std::string("internal error: ") + e.what() + "\n"};
    }
    response.headers().add<Pistache::Http::Header::CacheControl>(Pistache::Http::CacheDirective::NoCache);
    response.send(static_cast<Pistache::Http::Code>(reply.status), reply.body,
                  Pistache::Http::Mime::MediaType::fromString(reply.content_type));
  }

 private:
  std::shared_ptr<AdminService> service_;
};

}  // namespace

struct AdminServer::Impl {
  std::string address;
  int port = 0;
  std::shared_ptr<AdminService> service;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint;
};

AdminServer::AdminServer(std::string address, int port, std::shared_ptr<AdminService> service)
    : impl_(std::make_unique<Impl>()) {
  impl_->address = std::move(address);
  impl_->port = port;
  impl_->service = std::move(service);
}

AdminServer::~AdminServer() { stop(); }

void AdminServer::start() {
  if (impl_->endpoint) return;
  Pistache::Address address(impl_->address, Pistache::Port(uint16_t(impl_->port)));
  auto endpoint = std::make_unique<Pistache::Http::Endpoint>(address);
  endpoint->init(Pistache::Http::Endpoint::options().threads(1).flags(Pistache::Tcp::Options::ReuseAddr));
  endpoint->setHandler(Pistache::Http::make_handler<AdminHandler>(impl_->service));
  endpoint->serveThreaded();
  impl_->endpoint = std::move(endpoint);
}

void AdminServer::stop() {
  if (!impl_->endpoint) return;
  impl_->endpoint->shutdown();
  impl_->endpoint.reset();
}

}  // namespace ankc
