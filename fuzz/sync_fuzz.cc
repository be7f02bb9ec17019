// Fuzzes what a sync peer sends: the first byte picks a decoder, the rest is its input. Covered: the
// `anki-sync` header, zstd bodies (decompressed with a cap), every JSON message decoder of
// backends/native/sync/protocol/messages.h (a server decodes the client's, a client the server's), and
// the media upload zip the server reads (sync/server/media_zip.h). Each must return or throw
// ProtocolError (or the zip reader's errors), never crash or hang.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "backends/native/sync/protocol/messages.h"
#include "backends/native/sync/protocol/wire.h"
#include "backends/native/sync/server/media_zip.h"

namespace as = ankc::native::sync;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 12) {
      case 0: as::decode_header(input); break;
      case 1: as::zstd_decompress(input, 1 << 20); break;
      case 2: as::normalize_endpoint(input); break;
      case 3: as::read_upload_zip(std::string(input), 8 << 20); break;
      default: {
        boost::json::value v = as::parse_json_payload(input);
        switch (data[0] % 12) {
          case 4: as::sync_meta_from_json(v); break;
          case 5: as::graves_from_json(v); break;
          case 6: as::start_request_from_json(v); break;
          case 7: as::chunk_from_json(v); break;
          case 8: as::unchunked_changes_from_json(v); break;
          case 9: as::sanity_counts_from_json(v); break;
          case 10: as::sanity_check_response_from_json(v); break;
          default: as::host_key_request_from_json(v), as::meta_request_from_json(v); break;
        }
        // What decodes must encode again.
        if (data[0] % 12 == 7) boost::json::serialize(as::to_json(as::chunk_from_json(v)));
      }
    }
  } catch (const std::exception&) {
    // Refusals are the expected answer to most inputs.
  }
  return 0;
}
