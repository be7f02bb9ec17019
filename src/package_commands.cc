#include "src/package_commands.h"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "backends/action_error.h"
#include "backends/native/backups/backup.h"
#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/packages/legacy_export.h"
#include "backends/native/packages/modern_export.h"
#include "backends/native/packages/modern_import.h"
#include "backends/native/packages/temp_dir.h"
#include "backends/native/session.h"
#include "src/cli.h"
#include "src/config.h"

namespace ankc {
namespace fs = std::filesystem;

namespace {

struct Common {
  std::optional<fs::path> config;
  std::optional<std::string> profile;
  std::vector<std::string> rest;  // arguments the command itself reads
  bool help = false;
};

Common parse_common(const std::vector<std::string>& args) {
  Common c;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--config" || a == "--profile") && i + 1 < args.size()) {
      if (a == "--config") c.config = args[++i];
      else c.profile = args[++i];
    } else if (a == "--help" || a == "-h") {
      c.help = true;
    } else {
      c.rest.push_back(a);
    }
  }
  return c;
}

// The profile folder named by --profile (else the first), from the same configuration `serve` reads.
std::optional<std::pair<std::string, fs::path>> pick_profile(const Common& c, const char* command, Config& config) {
  try {
    config = load_config(c.config, process_env());
  } catch (const std::exception& e) {
    std::cerr << "ankiconnectd " << command << ": " << e.what() << "\n";
    return std::nullopt;
  }
  auto profiles = config.effective_profiles();
  for (const auto& p : profiles)
    if (!c.profile || p.first == *c.profile) return p;
  std::cerr << "ankiconnectd " << command << ": no profile named '" << c.profile.value_or("") << "'\n";
  return std::nullopt;
}

native::backups::BackupLimits backup_limits(const Config& config) {
  return {config.backups_daily, config.backups_weekly, config.backups_monthly};
}

native::SessionInfo session_info(const Config& config, const std::string& profile) {
  native::SessionInfo info;
  info.profile_name = profile;
  info.package_max_bytes = config.package_max_bytes;
  info.log_error = [](const std::string& line) { std::cerr << line << "\n"; };
  return info;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A collection a running server holds cannot be opened here: say what to do instead.
int report(const char* command, const std::exception& e, const native::Session* session) {
  std::string what = e.what();
  if (session && !session->last_open_error().empty()) what += ": " + session->last_open_error();
  std::cerr << "ankiconnectd " << command << ": " << what << "\n";
  if (what.find("already open") != std::string::npos || what.find("locked") != std::string::npos)
    std::cerr << "  (a running ankiconnectd holds this collection: "
              << (std::string(command) == "import"   ? "use its API instead, e.g. the importPackage action"
                  : std::string(command) == "export" ? "use its API instead, e.g. the exportPackage action"
                  : std::string(command) == "backup" ? "it makes backups by itself (backupIntervalMinutes)"
                                                     : "stop it first")
              << ")\n";
  return kExitFailure;
}

}  // namespace

int import_command(const std::vector<std::string>& args) {
  Common c = parse_common(args);
  bool merge = false;
  for (auto it = c.rest.begin(); it != c.rest.end();)
    if (*it == "--merge") merge = true, it = c.rest.erase(it);
    else ++it;
  if (c.help || c.rest.size() != 1 || c.rest[0].rfind("-", 0) == 0) {
    (c.help ? std::cout : std::cerr) << "usage: ankiconnectd import FILE [--merge] [--profile NAME] [--config FILE]\n"
                                        "  Merges an .apkg (legacy or latest format) into the profile's collection\n"
                                        "  with current Anki's rules. A .colpkg replaces the whole collection, as in\n"
                                        "  Anki (the current one is backed up first, the new one checked before it\n"
                                        "  replaces it); --merge merges it like an .apkg instead. The collection must\n"
                                        "  not be held by a running server (use its importPackage action then).\n";
    return c.help ? kExitOk : kExitUsage;
  }
  Config config;
  auto profile = pick_profile(c, "import", config);
  if (!profile) return kExitUsage;
  auto start = std::chrono::steady_clock::now();
  native::SystemClock clock;
  auto random = native::SeededRandom::make_system();
  std::unique_ptr<native::Session> session;
  try {
    fs::create_directories(profile->second);
    session = std::make_unique<native::Session>(profile->second / "collection.anki2",
                                                profile->second / "collection.media", clock, random,
                                                session_info(config, profile->first));
    fs::path file = fs::absolute(c.rest[0]);
    std::cerr << "importing " << file.string() << " into profile '" << profile->first << "'...\n";
    native::packages::sweep_temp_dirs(profile->second);
    if (!merge && file.extension() == ".colpkg") {
      auto r = native::backups::replace_collection(*session, file, backup_limits(config));
      session->close();
      std::cerr << "done in " << seconds_since(start) << " s: the collection was replaced; media files "
                << r.media_written << " written";
      if (!r.safety_backup.empty()) std::cerr << "; the previous collection is in " << r.safety_backup.string();
      std::cerr << "\n";
      return kExitOk;
    }
    auto s = native::packages::import_any_package(*session, file, native::packages::ImportOptions{});
    session->close();
    std::cerr << "done in " << seconds_since(start) << " s (" << s.package_version << " package)";
    if (s.package_version == "latest")
      std::cerr << ": notes " << s.notes_added << " added, " << s.notes_updated << " updated, "
                << s.notes_duplicate + s.notes_conflicting << " skipped; cards " << s.cards_added << " added; revlog "
                << s.revlog_added << "; media files " << s.media_added;
    std::cerr << "\n";
    return kExitOk;
  } catch (const std::exception& e) {
    return report("import", e, session.get());
  }
}

int export_command(const std::vector<std::string>& args) {
  Common c = parse_common(args);
  std::optional<std::string> deck, out;
  std::string format = "apkg";
  bool collection = false, sched = false, media = false, bad = false;
  for (size_t i = 0; i < c.rest.size(); ++i) {
    const std::string& a = c.rest[i];
    if (a == "--deck" && i + 1 < c.rest.size()) deck = c.rest[++i];
    else if (a == "--out" && i + 1 < c.rest.size()) out = c.rest[++i];
    else if (a == "--format" && i + 1 < c.rest.size()) format = c.rest[++i];
    else if (a == "--collection") collection = true;
    else if (a == "--with-scheduling") sched = true;
    else if (a == "--with-media") media = true;
    else bad = true;
  }
  if (c.help || bad || !out || collection == deck.has_value() || (format != "apkg" && format != "apkg-legacy")) {
    (c.help ? std::cout : std::cerr)
        << "usage: ankiconnectd export --deck NAME --out FILE [--format apkg|apkg-legacy] [--with-scheduling]\n"
           "                          [--with-media] [--profile NAME] [--config FILE]\n"
           "       ankiconnectd export --collection --out FILE.colpkg [--profile NAME] [--config FILE]\n"
           "  apkg is the latest format (Anki 2.1.50+); apkg-legacy the one AnkiConnect's exportPackage\n"
           "  writes. A .colpkg holds the whole collection and its media.\n";
    return c.help ? kExitOk : kExitUsage;
  }
  Config config;
  auto profile = pick_profile(c, "export", config);
  if (!profile) return kExitUsage;
  auto start = std::chrono::steady_clock::now();
  native::SystemClock clock;
  auto random = native::SeededRandom::make_system();
  std::unique_ptr<native::Session> session;
  try {
    session = std::make_unique<native::Session>(profile->second / "collection.anki2",
                                                profile->second / "collection.media", clock, random,
                                                session_info(config, profile->first));
    fs::path target = fs::absolute(*out);
    std::cerr << "exporting " << (collection ? std::string("the collection") : "deck '" + *deck + "'") << " of profile '"
              << profile->first << "' to " << target.string() << "...\n";
    native::packages::sweep_temp_dirs(profile->second);
    if (collection) {
      native::packages::export_latest_colpkg(*session, target, true);
    } else {
      bool found = format == "apkg" ? native::packages::export_latest_deck(*session, *deck, target, sched, media)
                                    : native::export_legacy_package(*session, *deck, target, sched);
      if (!found) {
        std::cerr << "ankiconnectd export: no deck named '" << *deck << "'\n";
        return kExitFailure;
      }
    }
    session->close();
    std::cerr << "done in " << seconds_since(start) << " s: " << fs::file_size(target) << " bytes\n";
    return kExitOk;
  } catch (const std::exception& e) {
    return report("export", e, session.get());
  }
}

int backup_command(const std::vector<std::string>& args) {
  Common c = parse_common(args);
  if (c.help || !c.rest.empty()) {
    (c.help ? std::cout : std::cerr)
        << "usage: ankiconnectd backup [--profile NAME] [--config FILE]\n"
           "  Writes a backup of the profile's collection now, as <profile>/backups/backup-<local time>.colpkg\n"
           "  (no media, as Anki's backups), then thins the folder by backupsDaily/Weekly/Monthly. The\n"
           "  collection must not be held by a running server (which makes backups by itself).\n";
    return c.help ? kExitOk : kExitUsage;
  }
  Config config;
  auto profile = pick_profile(c, "backup", config);
  if (!profile) return kExitUsage;
  auto start = std::chrono::steady_clock::now();
  native::SystemClock clock;
  auto random = native::SeededRandom::make_system();
  std::unique_ptr<native::Session> session;
  try {
    fs::path file = profile->second / "collection.anki2";
    if (!fs::exists(file)) {
      std::cerr << "ankiconnectd backup: profile '" << profile->first << "' has no collection yet (" << file.string()
                << ")\n";
      return kExitFailure;
    }
    session = std::make_unique<native::Session>(file, profile->second / "collection.media", clock, random,
                                                session_info(config, profile->first));
    native::backups::sweep_partial_backups(native::backups::backups_folder(file));
    fs::path written = native::backups::backup_now(*session, backup_limits(config));
    session->close();
    std::cerr << "done in " << seconds_since(start) << " s: " << written.string() << " (" << fs::file_size(written)
              << " bytes)\n";
    std::cout << written.string() << "\n";
    return kExitOk;
  } catch (const std::exception& e) {
    return report("backup", e, session.get());
  }
}

int restore_command(const std::vector<std::string>& args) {
  Common c = parse_common(args);
  if (c.help || c.rest.size() != 1 || c.rest[0].rfind("-", 0) == 0) {
    (c.help ? std::cout : std::cerr)
        << "usage: ankiconnectd restore BACKUP [--profile NAME] [--config FILE]\n"
           "  Replaces the profile's collection with the one in BACKUP (a .colpkg path, or the name of a file\n"
           "  in <profile>/backups/). The backup is checked first; the current collection is backed up before\n"
           "  it is replaced, atomically. The collection must not be held by a running server: stop it first.\n";
    return c.help ? kExitOk : kExitUsage;
  }
  Config config;
  auto profile = pick_profile(c, "restore", config);
  if (!profile) return kExitUsage;
  auto start = std::chrono::steady_clock::now();
  native::SystemClock clock;
  auto random = native::SeededRandom::make_system();
  std::unique_ptr<native::Session> session;
  try {
    fs::path col = profile->second / "collection.anki2";
    fs::path backup = c.rest[0];
    std::error_code ec;
    if (!fs::exists(backup, ec) && fs::exists(native::backups::backups_folder(col) / backup, ec))
      backup = native::backups::backups_folder(col) / backup;
    backup = fs::absolute(backup);
    fs::create_directories(profile->second);
    session = std::make_unique<native::Session>(col, profile->second / "collection.media", clock, random,
                                                session_info(config, profile->first));
    if (fs::exists(col)) session->col();  // refused here while a server holds it
    std::cerr << "restoring " << backup.string() << " into profile '" << profile->first << "'...\n";
    native::packages::sweep_temp_dirs(profile->second);
    auto r = native::backups::replace_collection(*session, backup, backup_limits(config));
    session->close();
    std::cerr << "done in " << seconds_since(start) << " s";
    if (!r.safety_backup.empty()) std::cerr << "; the replaced collection is in " << r.safety_backup.string();
    std::cerr << "\n";
    return kExitOk;
  } catch (const std::exception& e) {
    return report("restore", e, session.get());
  }
}

}  // namespace ankc
