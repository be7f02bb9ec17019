// A self-hosted Anki sync server (protocol v11, sync-protocol.md §9): the loopback peer the sync
// client's tests run against, written from the spec's description of Anki's reference server, and
// the seed of ankiconnectd serving phones (issue 13).
//
// Served: POST sync/{hostKey, meta, start, applyGraves, applyChanges, chunk, applyChunk, sanityCheck2,
// finish, abort, upload, download} and GET health. One collection per user under <base>/<user>/.
// Not served (yet): media sync (msync/*: answers 404, and meta reports media_usn 0), the legacy
// multipart transport of protocol v8-10 (400), PHC-hashed passwords, the 308 endpoint redirect,
// schema-11 downloads for legacy clients, the unbury-on-day-rollover of `start` (§0.2), and the
// "stored collection over the size limit forces a full sync" rule of §5.3.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backends/native/sync/server/service.h"

namespace ankc::native::sync {

struct SyncServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: a free port, see SyncServer::port()
  std::filesystem::path base;  // one folder per user is created below it
  std::vector<SyncUser> users;
  size_t max_payload_mib = 100;  // MAX_SYNC_PAYLOAD_MEGS: compressed request bodies; 3x decompressed
  int threads = 2;
};

class SyncServer {
 public:
  // clock/random default to the system's; when given they must outlive the server.
  explicit SyncServer(SyncServerOptions options, Clock* clock = nullptr, Random* random = nullptr);
  ~SyncServer();  // stops
  SyncServer(const SyncServer&) = delete;
  SyncServer& operator=(const SyncServer&) = delete;

  // Binds and serves on background threads. Throws std::runtime_error when it cannot bind or when no
  // user is configured.
  void start();
  // Stops serving and closes every collection; idempotent.
  void stop();
  // The bound port (the real one when options.port was 0); 0 before start().
  uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ankc::native::sync
