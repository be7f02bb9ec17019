#include "backends/native/sync/protocol/wire.h"

#include <zstd.h>

#include <boost/json.hpp>
#include <cctype>
#include <memory>
#include <random>

namespace ankc::native::sync {

namespace json = boost::json;

std::string encode_header(const SyncHeader& header) {
  // Built by hand so the key order is fixed (v, k, c, s) whatever boost::json's object does.
  std::string out = "{\"v\":" + std::to_string(header.v);
  out += ",\"k\":" + json::serialize(json::value(header.k));
  out += ",\"c\":" + json::serialize(json::value(header.c));
  out += ",\"s\":" + json::serialize(json::value(header.s));
  out += '}';
  return out;
}

SyncHeader decode_header(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) throw ProtocolError("bad sync header: not a JSON object");
  const json::object& o = v.get_object();
  auto str = [&](const char* key) -> std::string {
    const json::value* p = o.if_contains(key);
    if (!p || !p->is_string()) throw ProtocolError(std::string("bad sync header: missing string '") + key + "'");
    return std::string(p->get_string());
  };
  SyncHeader h;
  const json::value* pv = o.if_contains("v");
  if (!pv) throw ProtocolError("bad sync header: missing 'v'");
  // The reference reads v as an unsigned byte: a float, a negative or a larger number is malformed.
  if (pv->is_int64() && pv->get_int64() >= 0 && pv->get_int64() <= 255) {
    h.v = static_cast<int>(pv->get_int64());
  } else if (pv->is_uint64() && pv->get_uint64() <= 255) {
    h.v = static_cast<int>(pv->get_uint64());
  } else {
    throw ProtocolError("bad sync header: 'v' is not a small integer");
  }
  h.k = str("k");
  h.c = str("c");
  h.s = str("s");
  return h;
}

std::string zstd_compress(std::string_view data, int level) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

std::string zstd_decompress(std::string_view data, size_t max_bytes) {
  if (data.empty()) throw ProtocolError("invalid zstd: empty body");
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!ctx) throw std::runtime_error("zstd: out of memory");
  std::string out;
  std::string buf(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  size_t last = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer ob{buf.data(), buf.size(), 0};
    last = ZSTD_decompressStream(ctx.get(), &ob, &in);
    if (ZSTD_isError(last)) throw ProtocolError(std::string("invalid zstd: ") + ZSTD_getErrorName(last));
    if (out.size() + ob.pos > max_bytes) throw PayloadTooLarge("zstd payload exceeds the size limit");
    out.append(buf.data(), ob.pos);
  }
  // Flush whatever the decoder still holds once the input is used up.
  while (last != 0) {
    ZSTD_outBuffer ob{buf.data(), buf.size(), 0};
    last = ZSTD_decompressStream(ctx.get(), &ob, &in);
    if (ZSTD_isError(last)) throw ProtocolError(std::string("invalid zstd: ") + ZSTD_getErrorName(last));
    if (ob.pos == 0) break;
    if (out.size() + ob.pos > max_bytes) throw PayloadTooLarge("zstd payload exceeds the size limit");
    out.append(buf.data(), ob.pos);
  }
  if (last != 0) throw ProtocolError("invalid zstd: truncated frame");
  return out;
}

namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string normalize_endpoint(std::string_view endpoint) {
  std::string_view scheme;
  if (starts_with_nocase(endpoint, "https://")) {
    scheme = "https://";
  } else if (starts_with_nocase(endpoint, "http://")) {
    scheme = "http://";
  } else {
    throw ProtocolError("sync endpoint is not an http(s) URL: " + std::string(endpoint));
  }
  std::string_view rest = endpoint.substr(scheme.size());
  // Query and fragment do not survive resolving "./".
  rest = rest.substr(0, rest.find_first_of("?#"));
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (authority.empty()) throw ProtocolError("sync endpoint has no host: " + std::string(endpoint));
  std::string_view path = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  path = path.substr(0, path.rfind('/') + 1);
  // The URL standard lowercases the host (not any user info before '@').
  size_t at = authority.rfind('@');
  std::string auth = at == std::string_view::npos
                         ? lower(authority)
                         : std::string(authority.substr(0, at + 1)) + lower(authority.substr(at + 1));
  return std::string(scheme) + auth + std::string(path);
}

std::string method_url(std::string_view endpoint, std::string_view method) {
  return normalize_endpoint(endpoint) + "sync/" + std::string(method);
}

std::string media_method_url(std::string_view endpoint, std::string_view method) {
  return normalize_endpoint(endpoint) + "msync/" + std::string(method);
}

std::string new_session_key() {
  static constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::random_device rd;
  uint32_t n = static_cast<uint32_t>(rd());
  std::string out;
  do {
    out.insert(out.begin(), kDigits[n % 62]);
    n /= 62;
  } while (n != 0);
  return out;
}

}  // namespace ankc::native::sync
