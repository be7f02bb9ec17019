#include "src/package_commands.h"

#include <boost/json/object.hpp>
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
#include "src/commands.h"
#include "src/server_link.h"
#include "src/terminal_progress.h"

namespace ankc {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

using Unit = TerminalProgress::Unit;

struct ImportArgs {
  ConfigArgs c;
  std::string file;
  bool merge = false;
};

struct ExportArgs {
  ConfigArgs c;
  std::optional<std::string> deck, out;
  std::string format = "apkg";
  bool collection = false, sched = false, media = false;
};

struct RestoreArgs {
  ConfigArgs c;
  std::string backup;
};

native::backups::BackupLimits backup_limits(const Config& config) {
  return {config.backups_daily, config.backups_weekly, config.backups_monthly};
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The profile's collection opened here, for a command working on the files.
struct Direct {
  native::SystemClock clock;
  native::SeededRandom random = native::SeededRandom::make_system();
  std::unique_ptr<native::Session> session;

  explicit Direct(const CommandTarget& t) {
    native::SessionInfo info;
    info.profile_name = t.profile;
    info.package_max_bytes = t.config.package_max_bytes;
    info.log_error = [](const std::string& line) { std::cerr << line << "\n"; };
    session = std::make_unique<native::Session>(t.folder / "collection.anki2", t.folder / "collection.media", clock,
                                                random, std::move(info));
  }
};

// A failure on the files: the cause, and what to do when another program holds the collection.
int report(const char* command, const std::exception& e, const native::Session* session) {
  std::string what = e.what();
  if (session && !session->last_open_error().empty()) what += ": " + session->last_open_error();
  std::cerr << "ankiconnectd " << command << ": " << what << "\n";
  if (what.find("already open") != std::string::npos || what.find("locked") != std::string::npos)
    std::cerr << "  (another program holds this collection: desktop Anki, or an ankiconnectd of another "
                 "configuration; a server of this --config would have been asked over its API)\n";
  return kExitFailure;
}

int report_server(const char* command, const CommandTarget& t, const std::exception& e) {
  std::cerr << "ankiconnectd " << command << ": the server at " << t.server->url() << " answered: " << e.what() << "\n";
  return kExitFailure;
}

// Progress of a package operation onto the bar: media counts as files, the other stages as steps.
native::packages::Progress to_bar(TerminalProgress& bar) {
  return [&bar](std::string_view stage, int64_t done, int64_t total) {
    bar.update(stage, done, total, stage == "media" ? Unit::files : Unit::items);
  };
}

// Waits on the server's answer with the elapsed time moving on the bar.
json::value ask_server(const CommandTarget& t, TerminalProgress& bar, const std::string& action, const json::object& params) {
  bar.update("(by the server at " + t.server->url() + ")", 0, 0);
  bar.tick();
  json::value out = t.server->call(action, params);
  bar.finish();
  return out;
}

int64_t int_of(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

void print_import_summary(double secs, const native::packages::ImportSummary& s) {
  std::cerr << "done in " << secs << " s (" << s.package_version << " package)";
  if (s.package_version == "latest")
    std::cerr << ": notes " << s.notes_added << " added, " << s.notes_updated << " updated, "
              << s.notes_duplicate + s.notes_conflicting << " skipped; cards " << s.cards_added << " added; revlog "
              << s.revlog_added << "; media files " << s.media_added;
  std::cerr << "\n";
}

void print_replace_summary(double secs, const char* what, const fs::path& safety, int64_t media) {
  std::cerr << "done in " << secs << " s: " << what << "; media files " << media << " written";
  if (!safety.empty()) std::cerr << "; the previous collection is in " << safety.string();
  std::cerr << "\n";
}

int run_import(const ImportArgs& a) {
  auto t = command_target(a.c, "import");
  if (!t) return kExitUsage;
  auto start = std::chrono::steady_clock::now();
  fs::path file = fs::absolute(a.file);
  bool replace = !a.merge && file.extension() == ".colpkg";
  std::cerr << "importing " << file.string() << " into profile '" << t->profile << "'"
            << (t->server ? " through the server at " + t->server->url() : std::string()) << "...\n";
  TerminalProgress bar("importing");
  if (t->server) {
    try {
      json::value r = ask_server(*t, bar, replace ? "importCollectionPackage" : "importAnkiPackage",
                                 {{"path", file.string()}});
      const json::object& o = r.as_object();
      if (replace) {
        const json::value* safety = o.if_contains("safetyBackup");
        print_replace_summary(seconds_since(start), "the collection was replaced",
                              safety && safety->is_string() ? fs::path(std::string(safety->as_string())) : fs::path(),
                              int_of(o, "mediaWritten"));
      } else {
        native::packages::ImportSummary s;
        const json::value* version = o.if_contains("packageVersion");
        s.package_version = version && version->is_string() ? std::string(version->as_string()) : "";
        s.notes_added = int_of(o, "notesAdded");
        s.notes_updated = int_of(o, "notesUpdated");
        s.notes_duplicate = int_of(o, "notesSkipped");
        s.cards_added = int_of(o, "cardsAdded");
        s.revlog_added = int_of(o, "revlogAdded");
        s.media_added = int_of(o, "mediaAdded");
        print_import_summary(seconds_since(start), s);
      }
      return kExitOk;
    } catch (const std::exception& e) {
      bar.finish();
      return report_server("import", *t, e);
    }
  }
  std::unique_ptr<Direct> d;
  try {
    fs::create_directories(t->folder);
    d = std::make_unique<Direct>(*t);
    native::packages::sweep_temp_dirs(t->folder);
    if (replace) {
      bar.update("collection", 0, 0);
      auto r = native::backups::replace_collection(*d->session, file, backup_limits(t->config));
      d->session->close();
      bar.finish();
      print_replace_summary(seconds_since(start), "the collection was replaced", r.safety_backup, r.media_written);
      return kExitOk;
    }
    native::packages::ImportOptions options;
    options.progress = to_bar(bar);
    auto s = native::packages::import_any_package(*d->session, file, options);
    d->session->close();
    bar.finish();
    print_import_summary(seconds_since(start), s);
    return kExitOk;
  } catch (const std::exception& e) {
    bar.finish();
    return report("import", e, d ? d->session.get() : nullptr);
  }
}

int run_export(const ExportArgs& a) {
  auto t = command_target(a.c, "export");
  if (!t) return kExitUsage;
  auto start = std::chrono::steady_clock::now();
  fs::path target = fs::absolute(*a.out);
  std::string what = a.collection ? std::string("the collection") : "deck '" + *a.deck + "'";
  std::cerr << "exporting " << what << " of profile '" << t->profile << "' to " << target.string()
            << (t->server ? " through the server at " + t->server->url() : std::string()) << "...\n";
  TerminalProgress bar("exporting");
  bool found = true;
  std::unique_ptr<Direct> d;
  try {
    if (t->server) {
      json::value r = a.collection
                          ? ask_server(*t, bar, "exportCollectionPackage", {{"path", target.string()}, {"includeMedia", true}})
                          : ask_server(*t, bar, "exportAnkiPackage",
                                       {{"path", target.string()}, {"deck", *a.deck}, {"includeSched", a.sched},
                                        {"includeMedia", a.media}, {"legacy", a.format == "apkg-legacy"}});
      found = !(r.is_bool() && !r.as_bool());
    } else {
      d = std::make_unique<Direct>(*t);
      native::packages::sweep_temp_dirs(t->folder);
      if (a.collection) {
        native::packages::export_latest_colpkg(*d->session, target, true, to_bar(bar));
      } else {
        found = a.format == "apkg"
                    ? native::packages::export_latest_deck(*d->session, *a.deck, target, a.sched, a.media, to_bar(bar))
                    : native::export_legacy_package(*d->session, *a.deck, target, a.sched);
      }
      d->session->close();
    }
  } catch (const std::exception& e) {
    bar.finish();
    return t->server ? report_server("export", *t, e) : report("export", e, d ? d->session.get() : nullptr);
  }
  bar.finish();
  if (!found) {
    std::cerr << "ankiconnectd export: no deck named '" << *a.deck << "'\n";
    return kExitFailure;
  }
  std::error_code ec;
  std::cerr << "done in " << seconds_since(start) << " s: " << fs::file_size(target, ec) << " bytes\n";
  return kExitOk;
}

int run_backup(const ConfigArgs& a) {
  auto t = command_target(a, "backup");
  if (!t) return kExitUsage;
  auto start = std::chrono::steady_clock::now();
  TerminalProgress bar("backing up");
  fs::path written;
  std::unique_ptr<Direct> d;
  try {
    if (t->server) {
      std::cerr << "backing up profile '" << t->profile << "' through the server at " << t->server->url() << "...\n";
      json::value r = ask_server(*t, bar, "createBackup", {});
      if (r.is_string()) written = std::string(r.as_string());
    } else {
      fs::path file = t->folder / "collection.anki2";
      if (!fs::exists(file)) {
        bar.finish();
        std::cerr << "ankiconnectd backup: profile '" << t->profile << "' has no collection yet (" << file.string() << ")\n";
        return kExitFailure;
      }
      d = std::make_unique<Direct>(*t);
      native::backups::sweep_partial_backups(native::backups::backups_folder(file));
      bar.update("collection", 0, 0);
      written = native::backups::backup_now(*d->session, backup_limits(t->config));
      d->session->close();
    }
  } catch (const std::exception& e) {
    bar.finish();
    return t->server ? report_server("backup", *t, e) : report("backup", e, d ? d->session.get() : nullptr);
  }
  bar.finish();
  std::error_code ec;
  std::cerr << "done in " << seconds_since(start) << " s: " << written.string() << " (" << fs::file_size(written, ec)
            << " bytes)\n";
  std::cout << written.string() << "\n";
  return kExitOk;
}

int run_restore(const RestoreArgs& a) {
  auto t = command_target(a.c, "restore");
  if (!t) return kExitUsage;
  auto start = std::chrono::steady_clock::now();
  fs::path col = t->folder / "collection.anki2";
  fs::path backup = a.backup;
  std::error_code ec;
  if (!fs::exists(backup, ec) && fs::exists(native::backups::backups_folder(col) / backup, ec))
    backup = native::backups::backups_folder(col) / backup;
  backup = fs::absolute(backup);
  std::cerr << "restoring " << backup.string() << " into profile '" << t->profile << "'"
            << (t->server ? " through the server at " + t->server->url() : std::string()) << "...\n";
  TerminalProgress bar("restoring");
  std::unique_ptr<Direct> d;
  try {
    if (t->server) {
      json::value r = ask_server(*t, bar, "importCollectionPackage", {{"path", backup.string()}});
      const json::object& o = r.as_object();
      const json::value* safety = o.if_contains("safetyBackup");
      print_replace_summary(seconds_since(start), "the collection was restored",
                            safety && safety->is_string() ? fs::path(std::string(safety->as_string())) : fs::path(),
                            int_of(o, "mediaWritten"));
      return kExitOk;
    }
    fs::create_directories(t->folder);
    d = std::make_unique<Direct>(*t);
    if (fs::exists(col)) d->session->col();  // refused here while another program holds it
    native::packages::sweep_temp_dirs(t->folder);
    bar.update("collection", 0, 0);
    auto r = native::backups::replace_collection(*d->session, backup, backup_limits(t->config));
    d->session->close();
    bar.finish();
    print_replace_summary(seconds_since(start), "the collection was restored", r.safety_backup, r.media_written);
    return kExitOk;
  } catch (const std::exception& e) {
    bar.finish();
    return t->server ? report_server("restore", *t, e) : report("restore", e, d ? d->session.get() : nullptr);
  }
}

const char kServerNote[] =
    "While a server of the same --config holds the collection, the command asks it over its API;\n"
    "otherwise it works on the profile's files.";

}  // namespace

CommandRun define_import(CommandLine& cl) {
  auto a = std::make_shared<ImportArgs>();
  cl.positional("FILE", a->file, "the .apkg or .colpkg to import")
      .flag("--merge", a->merge, "merge a .colpkg like an .apkg instead of replacing the collection");
  add_profile_options(cl, a->c);
  cl.footer(std::string("Merges an .apkg (legacy or latest format) into the profile's collection with current\n"
                        "Anki's rules. A .colpkg replaces the whole collection, as in Anki (the current one is\n"
                        "backed up first, the new one checked before it replaces it).\n") +
            kServerNote);
  return [a] { return run_import(*a); };
}

CommandRun define_export(CommandLine& cl) {
  auto a = std::make_shared<ExportArgs>();
  cl.option("--deck", a->deck, "NAME", "the deck to export (with its sub-decks)")
      .flag("--collection", a->collection, "export the whole collection with its media as a .colpkg")
      .option("--out", a->out, "FILE", "the package to write")
      .choice("--format", a->format, {"apkg", "apkg-legacy"},
              "apkg: the latest format (Anki 2.1.50+); apkg-legacy: the one AnkiConnect's exportPackage writes")
      .flag("--with-scheduling", a->sched, "keep the cards' scheduling and review history")
      .flag("--with-media", a->media, "include the notes' media files (latest format)")
      .required("--out")
      .exactly_one({"--deck", "--collection"});
  add_profile_options(cl, a->c);
  cl.footer(std::string("A .colpkg holds the whole collection and its media (Anki 23.10+ opens it).\n") + kServerNote);
  return [a] { return run_export(*a); };
}

CommandRun define_backup(CommandLine& cl) {
  auto a = std::make_shared<ConfigArgs>();
  add_profile_options(cl, *a);
  cl.footer(std::string("Writes a backup of the profile's collection now, as <profile>/backups/backup-<local time>.colpkg\n"
                        "(no media, as Anki's backups), then thins the folder by backupsDaily/Weekly/Monthly.\n"
                        "Prints the backup's path on stdout.\n") +
            kServerNote);
  return [a] { return run_backup(*a); };
}

CommandRun define_restore(CommandLine& cl) {
  auto a = std::make_shared<RestoreArgs>();
  cl.positional("BACKUP", a->backup, "a .colpkg path, or the name of a file in <profile>/backups/");
  add_profile_options(cl, a->c);
  cl.footer(std::string("Replaces the profile's collection with the one in BACKUP. The backup is checked first; the\n"
                        "current collection is backed up before it is replaced, atomically.\n") +
            kServerNote);
  return [a] { return run_restore(*a); };
}

}  // namespace ankc
