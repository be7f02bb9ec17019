#include "backends/native/sync/server/service.h"

#include <openssl/sha.h>

#include <boost/json/serialize.hpp>
#include <cstdint>
#include <cstdio>

#include "backends/native/sync/protocol/messages.h"
#include "backends/native/sync/protocol/wire.h"
#include "backends/native/sync/server/account.h"
#include "backends/native/sync/server/media_store.h"
#include "backends/native/sync/server/media_zip.h"

namespace ankc::native::sync {

namespace json = boost::json;

std::string host_key_for(const SyncUser& user) {
  std::string text = user.name + ":" + user.password;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  char buf[3];
  for (unsigned char b : digest) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    hex += buf;
  }
  return hex;
}

namespace {

SyncReply error_reply(int status) { return SyncReply{status, std::to_string(status), std::nullopt}; }

// A 2xx answer: zstd with anki-original-size for v11, plain for legacy versions (§1.3, §0.8).
SyncReply ok_reply(std::string payload, int version) {
  if (version < 11) return SyncReply{200, std::move(payload), std::nullopt};
  size_t size = payload.size();
  return SyncReply{200, zstd_compress(payload), size};
}

SyncReply json_reply(const json::value& v, int version) { return ok_reply(json::serialize(v), version); }

}  // namespace

SyncService::SyncService(std::filesystem::path base, std::vector<SyncUser> users, size_t max_payload_bytes,
                         Clock& clock, Random& random)
    : base_(std::move(base)), max_payload_bytes_(max_payload_bytes), clock_(clock), random_(random) {
  for (SyncUser& user : users) {
    auto login = std::make_unique<Login>();
    login->key = host_key_for(user);
    login->account = std::make_unique<Account>(user.name, base_ / user.name, clock_, random_);
    login->user = std::move(user);
    logins_.push_back(std::move(login));
  }
}

SyncService::~SyncService() = default;

SyncReply SyncService::handle(std::string_view method, std::string_view path, std::optional<std::string_view> header,
                              std::string_view body) {
  try {
    if (path == "/health") return method == "GET" ? SyncReply{200, "", std::nullopt} : error_reply(405);
    constexpr std::string_view kPrefix = "/sync/";
    constexpr std::string_view kMediaPrefix = "/msync/";
    bool media = path.substr(0, kMediaPrefix.size()) == kMediaPrefix;
    if (!media && path.substr(0, kPrefix.size()) != kPrefix) return error_reply(404);
    if (method != "POST") return error_reply(405);
    return handle_sync(path.substr(media ? kMediaPrefix.size() : kPrefix.size()), media, header, body);
  } catch (const HttpStatusError& e) {
    return error_reply(e.status());
  } catch (const ProtocolError&) {
    return error_reply(400);
  } catch (const std::exception&) {
    return error_reply(500);
  }
}

SyncReply SyncService::handle_sync(std::string_view name, bool media, std::optional<std::string_view> header_text,
                                   std::string_view body) {
  static const std::vector<std::string_view> kMethods = {"hostKey",  "meta",       "start",        "applyGraves",
                                                         "applyChanges", "chunk", "applyChunk", "sanityCheck2",
                                                         "finish",   "abort",      "upload",       "download"};
  static const std::vector<std::string_view> kMediaMethods = {"begin", "mediaChanges", "uploadChanges",
                                                              "downloadFiles", "mediaSanity"};
  bool known = false;
  for (auto m : media ? kMediaMethods : kMethods) known = known || m == name;
  if (!known) return error_reply(404);
  if (body.size() > max_payload_bytes_) return error_reply(413);
  // No header at all is the legacy multipart format, which this server does not take.
  if (!header_text) return error_reply(400);
  SyncHeader header = decode_header(*header_text);
  if (header.v < kMinServerVersion || header.v > kMaxServerVersion) return error_reply(400);

  // The payload: zstd for v11, raw before (§0.8).
  std::string payload;
  try {
    payload = header.v >= 11 ? zstd_decompress(body, 3 * max_payload_bytes_) : std::string(body);
  } catch (const PayloadTooLarge&) {
    return error_reply(413);
  }

  if (name == "hostKey") {
    HostKeyRequest r = host_key_request_from_json(parse_json_payload(payload));
    for (const auto& login : logins_) {
      if (login->user.name == r.username && login->user.password == r.password) {
        return json_reply(json::object{{"key", login->key}}, header.v);
      }
    }
    return error_reply(403);
  }

  Login* login = nullptr;
  for (const auto& l : logins_) {
    if (l->key == header.k) login = l.get();
  }
  if (!login) return error_reply(403);
  Account& account = *login->account;
  std::lock_guard lock(account.mutex());
  const std::string& skey = header.s;
  if (media) return handle_media(name, header.v, *login, std::move(payload));

  if (name == "upload") return ok_reply(account.upload(payload), header.v);

  json::value request = parse_json_payload(payload);
  if (!request.is_object()) throw ProtocolError("invalid json: not an object");
  if (name == "meta") {
    MetaRequest r = meta_request_from_json(request);
    if (r.v < kMinServerVersion || r.v > kMaxServerVersion) return error_reply(501);
    return json_reply(to_json(account.meta()), header.v);
  }
  if (name == "download") return ok_reply(account.download(), header.v);
  if (name == "abort") {
    account.abort();
    return json_reply(nullptr, header.v);
  }
  if (name == "start") return json_reply(to_json(account.start(skey, start_request_from_json(request))), header.v);
  if (name == "applyGraves") {
    account.apply_graves(skey, graves_from_json(request_field(request, "chunk")));
    return json_reply(nullptr, header.v);
  }
  if (name == "applyChanges") {
    UnchunkedChanges changes = unchunked_changes_from_json(request_field(request, "changes"));
    return json_reply(to_json(account.apply_changes(skey, changes)), header.v);
  }
  if (name == "chunk") return json_reply(to_json(account.chunk(skey)), header.v);
  if (name == "applyChunk") {
    account.apply_chunk(skey, chunk_from_json(request_field(request, "chunk")));
    return json_reply(nullptr, header.v);
  }
  if (name == "sanityCheck2") {
    SanityCounts counts = sanity_counts_from_json(request_field(request, "client"));
    return json_reply(to_json(account.sanity_check(skey, counts)), header.v);
  }
  // finish
  return json_reply(json::value(account.finish(skey)), header.v);
}

// --- media (§6) -----------------------------------------------------------------------------------

namespace {

// {"data": <value>, "err": ""}: every media answer but downloadFiles (§6.1).
SyncReply media_reply(json::value data, int version) {
  return json_reply(json::object{{"data", std::move(data)}, {"err", ""}}, version);
}

int32_t int32_field(const json::value& request, std::string_view key) {
  const json::value& v = request_field(request, key);
  if (!v.is_int64() && !v.is_uint64()) throw ProtocolError("invalid json: " + std::string(key) + " is not an integer");
  auto n = v.to_number<int64_t>();
  if (n < INT32_MIN || n > INT32_MAX) throw ProtocolError("invalid json: " + std::string(key) + " out of range");
  return static_cast<int32_t>(n);
}

}  // namespace

SyncReply SyncService::handle_media(std::string_view name, int version, Login& login, std::string payload) {
  MediaStore& store = login.account->media();
  if (name == "uploadChanges") {
    std::vector<MediaUploadEntry> entries = read_upload_zip(std::move(payload), 3 * max_payload_bytes_);
    int32_t usn = store.apply_upload(entries);
    return media_reply(json::array{static_cast<int64_t>(entries.size()), usn}, version);
  }
  json::value request = parse_json_payload(payload);
  if (!request.is_object()) throw ProtocolError("invalid json: not an object");
  if (name == "begin") {
    if (!request_field(request, "v").is_string()) throw ProtocolError("invalid json: v is not a string");
    return media_reply(json::object{{"usn", store.usn()}, {"sk", login.key}}, version);
  }
  if (name == "mediaChanges") {
    json::array out;
    for (const ServerMediaChange& c : store.changes_after(int32_field(request, "lastUsn"), kMaxMediaChanges)) {
      out.push_back(json::array{json::string(c.fname), c.usn, json::string(c.sha1)});
    }
    return media_reply(std::move(out), version);
  }
  if (name == "mediaSanity") {
    int64_t local = int32_field(request, "local");
    return media_reply(json::string(local == store.file_count() ? "OK" : "mediaSanity"), version);
  }
  // downloadFiles: the zip itself, not wrapped.
  const json::value& files = request_field(request, "files");
  if (!files.is_array()) throw ProtocolError("invalid json: files is not an array");
  if (files.get_array().size() > kMaxMediaZipEntries) throw ProtocolError("downloadFiles: more than 25 names");
  std::vector<std::string> names;
  for (const json::value& f : files.get_array()) {
    if (!f.is_string()) throw ProtocolError("invalid json: a file name is not a string");
    names.emplace_back(f.get_string());
  }
  return ok_reply(write_download_zip(store.files_for_download(names, kMediaZipTargetBytes)), version);
}

}  // namespace ankc::native::sync
