// `ankiconnectd sync [--full-upload|--full-download] [--profile NAME] [--config FILE]`: one sync of a
// profile from the terminal. While a server of the same configuration holds the collection, it asks
// that server (`sync`, or the `fullSync` extension with the direction given), then follows the media
// sync the server runs afterwards through `syncStatus`; otherwise it syncs the profile's files with
// the sync client (backends/native/sync/agent.h), collection then media. A progress bar on a terminal
// (plain lines otherwise), one summary line per part, exit 1 when the sync failed or needs a full
// sync the command line did not choose.
#include <boost/json/object.hpp>
#include <chrono>
#include <iostream>
#include <thread>

#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/session.h"
#include "backends/native/sync/agent.h"
#include "backends/native/sync/client/sync_error.h"
#include "src/cli.h"
#include "src/commands.h"
#include "src/server_link.h"
#include "src/terminal_progress.h"

namespace ankc {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

using Unit = TerminalProgress::Unit;

struct SyncArgs {
  ConfigArgs c;
  bool full_upload = false, full_download = false;
};

const char kFullHint[] =
    "  (the server requires a full sync: run `ankiconnectd sync --full-upload` to replace the server's collection\n"
    "   with this one, or `--full-download` to replace this one with the server's)\n";

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int64_t int_of(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

std::string text_of(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool wants_full_sync(const std::string& error) { return error.find("Sync status") != std::string::npos; }

// Through the server: sync or fullSync, then its media sync followed with syncStatus.
int sync_through_server(const CommandTarget& t, const SyncArgs& a) {
  auto start = std::chrono::steady_clock::now();
  int64_t start_wall = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::cerr << "syncing profile '" << t.profile << "' through the server at " << t.server->url() << "...\n";
  json::object status;
  {
    TerminalProgress bar("syncing");
    bar.update("collection (by the server)", 0, 0);
    bar.tick();
    try {
      if (a.full_upload || a.full_download)
        t.server->call("fullSync", {{"mode", a.full_upload ? "upload" : "download"}});
      else
        t.server->call("sync");
    } catch (const ServerError& e) {
      bar.finish();
      std::cerr << "ankiconnectd sync: " << e.what() << "\n";
      if (wants_full_sync(e.what())) std::cerr << kFullHint;
      return kExitFailure;
    }
    bar.finish();
  }
  // The server's media sync starts right after; follow it until it has run (or none came).
  TerminalProgress media("syncing");
  auto returned = std::chrono::steady_clock::now();
  try {
    for (;;) {
      status = t.server->call("syncStatus").as_object();
      const json::value* m = status.if_contains("media");
      json::object mo = m && m->is_object() ? m->as_object() : json::object();
      bool running = mo.if_contains("running") && mo.at("running").is_bool() && mo.at("running").as_bool();
      if (running) {
        int64_t total = int_of(mo, "toDownload") + int_of(mo, "toUpload");
        media.update("media", int_of(mo, "downloaded") + int_of(mo, "uploaded"), total, Unit::files);
      } else {
        const json::value* last = mo.if_contains("lastSync");
        bool ran = last && last->is_int64() && last->as_int64() >= start_wall;
        if (ran || std::chrono::steady_clock::now() - returned > std::chrono::seconds(3)) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  } catch (const std::exception& e) {
    media.finish();
    std::cerr << "ankiconnectd sync: the collection was synced, but its status could not be read: " << e.what() << "\n";
    return kExitFailure;
  }
  media.finish();
  std::cerr << "done in " << seconds_since(start) << " s: " << text_of(status, "lastResult");
  const json::value* m = status.if_contains("media");
  if (m && m->is_object()) {
    const json::object& mo = m->as_object();
    std::string result = text_of(mo, "lastResult");
    if (!result.empty()) {
      std::cerr << "; media " << result << " (" << int_of(mo, "downloaded") << " files down, " << int_of(mo, "uploaded")
                << " up)";
      if (result == "error") std::cerr << ": " << text_of(mo, "lastError");
    }
  }
  std::cerr << "\n";
  return kExitOk;
}

// On the files: the sync client, collection then media.
int sync_files(const CommandTarget& t, const SyncArgs& a) {
  auto start = std::chrono::steady_clock::now();
  SyncAccount account = t.config.effective_sync(t.profile);
  native::sync::ClientAccount client{account.endpoint, account.user, account.key};
  TerminalProgress bar("syncing");
  native::sync::TransportOptions transport;
  transport.io_timeout_secs = t.config.sync_timeout_seconds;
  transport.progress = [&bar](size_t up, size_t down) { bar.update("collection", int64_t(up + down), 0, Unit::bytes); };
  // The agent's lines (one per sync, one per media sync) are the summary; the bar's line ends first.
  TerminalProgress* current = &bar;
  auto say = [&current](const std::string& line) {
    current->finish();
    std::cerr << line << "\n";
  };
  native::sync::Agent agent(t.folder, client, transport, say, say);
  if (!agent.configured()) {
    std::cerr << "ankiconnectd sync: sync: auth not configured (set syncKey, see ankiconnectd keygen --help)\n";
    return kExitFailure;
  }
  native::SystemClock clock;
  auto random = native::SeededRandom::make_system();
  native::SessionInfo info;
  info.profile_name = t.profile;
  info.log_error = [](const std::string& line) { std::cerr << line << "\n"; };
  native::Session session(t.folder / "collection.anki2", t.folder / "collection.media", clock, random, info);
  std::cerr << "syncing profile '" << t.profile << "' with " << agent.endpoint() << "...\n";
  auto policy = a.full_upload     ? native::sync::FullSyncPolicy::Upload
                : a.full_download ? native::sync::FullSyncPolicy::Download
                                  : native::sync::FullSyncPolicy::Refuse;
  native::sync::SyncOutcome out;
  try {
    fs::create_directories(t.folder / "collection.media");
    bar.update("collection", 0, 0, Unit::bytes);
    out = agent.run(session, policy, "command line");
  } catch (const native::sync::SyncError& e) {
    bar.finish();
    std::cerr << "ankiconnectd sync: " << e.what() << "\n";
    if (e.kind() == native::sync::SyncErrorKind::FullSyncRequired) std::cerr << kFullHint;
    return kExitFailure;
  } catch (const std::exception& e) {
    bar.finish();
    std::string cause = session.last_open_error().empty() ? e.what() : session.last_open_error();
    std::cerr << "ankiconnectd sync: " << cause << "\n";
    if (cause.find("already open") != std::string::npos)
      std::cerr << "  (another program holds this collection: desktop Anki, or an ankiconnectd of another "
                   "configuration)\n";
    return kExitFailure;
  }
  session.close();
  bool media_ok = true;
  if (t.config.sync_media) {
    TerminalProgress media("syncing");
    current = &media;
    const native::sync::MediaProgress& p = agent.media_progress();
    media.update("media", 0, 0, Unit::files);
    media.tick([&p](TerminalProgress& m) {
      m.update("media", int64_t(p.downloaded + p.uploaded), int64_t(p.to_download + p.to_upload), Unit::files);
    });
    media_ok = agent.sync_media(out.media_usn, "command line");
    media.finish();
  }
  std::cerr << "done in " << seconds_since(start) << " s\n";
  return media_ok ? kExitOk : kExitFailure;
}

int run_sync(const SyncArgs& a) {
  auto t = command_target(a.c, "sync");
  if (!t) return kExitUsage;
  return t->server ? sync_through_server(*t, a) : sync_files(*t, a);
}

}  // namespace

CommandRun define_sync(CommandLine& cl) {
  auto a = std::make_shared<SyncArgs>();
  cl.flag("--full-upload", a->full_upload, "when a full sync is required, replace the server's collection with this one")
      .flag("--full-download", a->full_download, "when a full sync is required, replace this collection with the server's")
      .at_most_one({"--full-upload", "--full-download"});
  add_profile_options(cl, a->c);
  cl.footer("Runs one sync of the profile's collection with its sync server (syncKey, syncEndpoint), then\n"
            "its media (syncMedia). Without --full-*, a sync that needs a full sync stops and says so; with\n"
            "one, that direction is taken when (and only when) a full sync is required.\n"
            "While a server of the same --config holds the collection, the command asks it over its API\n"
            "(sync / fullSync, then syncStatus); otherwise it syncs the profile's files itself.");
  return [a] { return run_sync(*a); };
}

}  // namespace ankc
