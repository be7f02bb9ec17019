// The native backend: answers AnkiConnect actions from Anki collection files read and written in-process.
//
// Profiles are named collections (a data folder each: collection.anki2 + collection.media); one is
// active at a time, as in Anki. Actions not implemented yet answer
// "<action> is not served by the native backend yet" rather than "unsupported action", which clients
// would read as an old AnkiConnect.
//
// Concepts plug in without touching this module's code: a folder backends/native/<concept>/ whose
// service.h declares `std::span<const ServiceAction> ankc::native::<concept>_actions();` is picked
// up by native_backend.cc (listed there once) and its library ankc_native_<concept> is linked.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/log_event.h"
#include "backends/backend.h"
#include "backends/native/backups/retention.h"
#include "compat/emulation.h"

namespace ankc {

// The read connections the native backend keeps: two per core, at least 4, so that a short read shares
// the cores with long ones instead of waiting for one to end. The HTTP layer's read lane has as many
// threads.
unsigned native_read_connections();

struct NativeProfile {
  std::string name;             // as getProfiles lists it
  std::filesystem::path folder; // holds collection.anki2 and collection.media
  // The profile's sync account (config syncEndpoint/syncUser/syncKey): nullopt endpoint = AnkiWeb,
  // nullopt key = sync not configured.
  std::optional<std::string> sync_endpoint, sync_user, sync_key;
  // ankiconnectd's sync server serves this profile (config syncServer): API writes then take the
  // server's usn. A served profile is never a sync client too.
  bool sync_served = false;
};

struct NativeOptions {
  std::vector<NativeProfile> profiles;  // at least one; the first is active at start
  // The Python of the emulated Anki (config `emulation`): built-in exception texts that leak through
  // AnkiConnect differ between 3.9 and 3.13 (spec ankiconnect-api.md §4.3).
  PyFlavour py_flavour = PyFlavour::py313;
  // exportPackage / importPackage (backends/native/packages/package_path.h): folders their paths must
  // lie in (config packagePathRoots; empty = anywhere), files never written onto besides every
  // profile's collection, media and backups (the config file), and the most bytes one import may
  // decompress (packageMaxBytes; 0 = unlimited).
  std::vector<std::filesystem::path> package_path_roots;
  std::vector<std::filesystem::path> protected_paths;
  int64_t package_max_bytes = 0;
  // Receives operational errors clients only see as AnkiConnect's terse texts (e.g. why the collection
  // could not be opened when they get "collection is not available"). stderr when unset.
  std::function<void(const std::string&)> log_error;
  // Receives the one line each sync logs (stderr when unset).
  std::function<void(const std::string&)> log_info;
  // Receives syncs, media syncs and backups as events with their values (native/log_event.h); unset =
  // their sentences through log_info / log_error.
  native::LogEventSink log_event;
  // Automatic sync of the active profile when it has a key (0 = off): this long after the last write,
  // and this often in any case; the intervals after a failure grow from 30 s to 30 min.
  int sync_after_changes_seconds = 0;
  int sync_interval_minutes = 0;
  // At construction, when the active profile has a key and its collection is new and empty (no notes,
  // never synced): a full download before the first request is served.
  bool sync_on_start = false;
  // A sync request that moves no bytes for this long fails as a timeout (Anki's io_timeout_secs).
  int sync_timeout_seconds = 30;
  // After each collection sync, sync the media folder too (in the background).
  bool sync_media = true;
  // Automatic backups of the active profile (<profile>/backups, backends/native/backups/): a .colpkg a
  // couple of seconds after a write, at most every backup_interval_minutes (0 = none), thinned by
  // Anki's daily/weekly/monthly rule with these budgets.
  int backup_interval_minutes = 30;
  native::backups::BackupLimits backup_limits;
  // How long a request waits for the collection while a sync (or another request) holds it, before it
  // is answered "collection is busy ...".
  int busy_wait_ms = 60000;
};

// The actions the native backend serves, in Python sorted() order (README lists them; a test checks).
std::vector<std::string> native_served_actions();

// The native backend on the system clock and a randomly seeded random source.
std::unique_ptr<Backend> make_native_backend(const NativeOptions& options);

namespace native {
class Clock;
class Random;
namespace sync { class CollectionHost; }
}  // namespace native

// The sync server's host for a profile's collection (ankiconnectd's sync server mode): the server
// takes the backend's collection lock while it works on it (for a normal sync, from start to finish),
// so API requests wait meanwhile, as they wait for any other request. nullptr when `backend` is not a
// native backend or has no such profile.
std::unique_ptr<native::sync::CollectionHost> native_profile_host(Backend& backend, const std::string& profile);

// What the admin listener (src/admin.h) shows of a native backend: {"profiles": [{name, active, exists,
// collectionBytes (file + -wal), notes, cards, open, openError, syncServed, backups: {count, bytes, newest
// (Unix time of the newest)}, sync: {configured, endpoint, user, lastSync,
// lastSuccess, lastResult, lastError, runs, failures, lastDurationMs, media: {...}}}], "busy": null}.
// Waits at most `wait` for the collection; when a sync or request holds it longer, the previous answer
// with "busy" naming the holder. nullopt when `backend` is not a native backend.
std::optional<boost::json::object> native_admin_status(Backend& backend, std::chrono::milliseconds wait);

// The native backend with an injected clock and random source (tests); both must outlive it.
std::unique_ptr<Backend> make_native_backend(const NativeOptions& options, native::Clock& clock,
                                             native::Random& random);

}  // namespace ankc
