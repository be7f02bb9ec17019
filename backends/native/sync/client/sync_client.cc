#include "backends/native/sync/client/sync_client.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>

#include "backends/native/session.h"
#include "backends/native/sync/client/full_sync.h"
#include "backends/native/sync/client/sync_error.h"

namespace ankc::native::sync {
namespace {

namespace json = boost::json;

constexpr int64_t kMaxClockSkewSecs = 300;  // §3.3 check 2

json::value parse_json(const std::string& text, const char* what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) throw SyncError(SyncErrorKind::Protocol, std::string("sync: the answer to ") + what + " is not JSON");
  return v;
}

// meta, following one 308 to the new endpoint (§1.4); a second redirect is an error.
SyncMeta fetch_meta(Transport& t, const TransportOptions& options) {
  std::string payload = json::serialize(to_json(MetaRequest{kSyncVersion, options.meta_client_version}));
  for (int attempt = 0; attempt < 2; ++attempt) {
    TransportAnswer a = t.post("meta", payload);
    if (a.status >= 300) {
      if (a.status != 308 || a.location.empty() || attempt == 1)
        throw SyncError(SyncErrorKind::Network, "sync: unexpected redirect (" + std::to_string(a.status) +
                                                    ") on meta from " + t.endpoint());
      try {
        t.set_endpoint(normalize_endpoint(a.location));
      } catch (const ProtocolError& e) {
        throw SyncError(SyncErrorKind::Protocol, "sync: the server moved to an unusable endpoint: " + a.location);
      }
      continue;
    }
    try {
      return sync_meta_from_json(parse_json(a.body, "meta"));
    } catch (const ProtocolError& e) {
      throw SyncError(SyncErrorKind::Protocol, std::string("sync: the answer to meta is not valid: ") + e.what() +
                                                   " (" + t.endpoint() + ")");
    }
  }
  throw SyncError(SyncErrorKind::Network, "sync: too many redirects on meta");
}

void check_meta(const SyncMeta& remote, int64_t now_secs, const std::string& endpoint) {
  if (!remote.cont)
    throw SyncError(SyncErrorKind::ServerMessage,
                    "sync: the server refused to sync: " + (remote.msg.empty() ? std::string("(no reason given)") : remote.msg));
  if (std::llabs(remote.ts - now_secs) > kMaxClockSkewSecs)
    throw SyncError(SyncErrorKind::ClockIncorrect,
                    "sync: this machine's clock differs from the server's (" + endpoint +
                        ") by more than 5 minutes; fix the clock, then sync again");
}

}  // namespace

const char* required_name(Required r) {
  switch (r) {
    case Required::NoChanges: return "none";
    case Required::NormalSync: return "normal";
    case Required::FullSync: return "full";
    case Required::FullDownload: return "fullDownload";
    case Required::FullUpload: return "fullUpload";
  }
  return "none";
}

Required decide(const SyncMeta& remote, const storage::LocalMeta& local) {
  if (remote.mod == local.mod) return Required::NoChanges;
  if (remote.scm != local.scm) {
    bool upload_ok = !local.empty || remote.empty;
    bool download_ok = !remote.empty || local.empty;
    if (!upload_ok) return Required::FullDownload;
    if (!download_ok) return Required::FullUpload;
    return Required::FullSync;
  }
  return Required::NormalSync;
}

std::string full_sync_required_text(Required r) {
  return "Sync status " + std::to_string(static_cast<int>(r)) +
         " not one of [0, 1] - see SyncCollectionResponse.ChangesRequired for list of sync statuses: "
         "https://github.com/ankitects/anki/blob/e41c4573d789afe8b020fab5d9d1eede50c3fa3d/proto/anki/sync.proto#L57-L65";
}

Status sync_status(Session& session, const std::string& endpoint, const std::string& key,
                   const TransportOptions& options) {
  Transport t(normalize_endpoint(endpoint), key, options);
  Status s;
  s.remote = fetch_meta(t, options);
  check_meta(s.remote, session.clock().now_secs().v, t.endpoint());
  s.required = decide(s.remote, storage::local_meta(session.db()));
  s.endpoint = t.endpoint();
  return s;
}

SyncOutcome sync_collection(Session& session, const std::string& endpoint, const std::string& key,
                            FullSyncPolicy policy, const TransportOptions& options, std::string* moved_to) {
  Transport t(normalize_endpoint(endpoint), key, options);
  SyncOutcome out;
  SyncMeta remote = fetch_meta(t, options);
  out.endpoint = t.endpoint();
  if (moved_to && t.endpoint() != normalize_endpoint(endpoint)) *moved_to = t.endpoint();
  out.server_message = remote.msg;
  out.media_usn = remote.media_usn;
  check_meta(remote, session.clock().now_secs().v, t.endpoint());
  storage::LocalMeta local = storage::local_meta(session.db());
  out.required = decide(remote, local);
  switch (out.required) {
    case Required::NoChanges:
      out.done = "none";
      break;
    case Required::NormalSync:
      out.counts = normal_sync(session.db(), t, remote, local, session.clock());
      out.done = "normal";
      break;
    case Required::FullSync:
    case Required::FullDownload:
    case Required::FullUpload: {
      bool upload = policy == FullSyncPolicy::Upload && out.required != Required::FullDownload;
      bool download = policy == FullSyncPolicy::Download && out.required != Required::FullUpload;
      if (upload) {
        out.file_bytes = full_upload(session, t);
        out.done = "upload";
      } else if (download) {
        out.file_bytes = full_download(session, t);
        out.done = "download";
      } else {
        throw SyncError(SyncErrorKind::FullSyncRequired, full_sync_required_text(out.required));
      }
      break;
    }
  }
  out.bytes_sent = t.bytes_sent();
  out.bytes_received = t.bytes_received();
  return out;
}

std::string login(const std::string& endpoint, const std::string& user, const std::string& password,
                  const TransportOptions& options) {
  Transport t(normalize_endpoint(endpoint), "", options);
  TransportAnswer a;
  try {
    a = t.post("hostKey", json::serialize(to_json(HostKeyRequest{user, password})));
  } catch (const SyncError& e) {
    if (e.kind() == SyncErrorKind::AuthFailed)
      throw SyncError(SyncErrorKind::AuthFailed,
                      "sync: the server (" + t.endpoint() + ") did not accept this user name and password (403)");
    throw;
  }
  if (a.status >= 300)
    throw SyncError(SyncErrorKind::Network, "sync: unexpected redirect (" + std::to_string(a.status) +
                                                ") on hostKey from " + t.endpoint());
  json::value v = parse_json(a.body, "hostKey");
  if (!v.is_object() || !v.as_object().contains("key") || !v.as_object().at("key").is_string())
    throw SyncError(SyncErrorKind::Protocol, "sync: the answer to hostKey holds no key (" + t.endpoint() + ")");
  return std::string(v.as_object().at("key").as_string());
}

}  // namespace ankc::native::sync
