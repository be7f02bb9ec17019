#include "backends/native/storage/sql_functions.h"

#include <sqlite3.h>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ankc::native::storage {
namespace {

// field_at_index(flds, i): the i-th U+001F-separated piece, or '' (spec §3.2).
void field_at_index(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const char* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int len = sqlite3_value_bytes(argv[0]);
  int64_t wanted = sqlite3_value_int64(argv[1]);
  std::string_view flds(text ? text : "", text ? len : 0);
  int64_t index = 0;
  size_t start = 0;
  for (;;) {
    size_t end = flds.find('\x1f', start);
    if (index == wanted) {
      std::string_view piece = flds.substr(start, end == std::string_view::npos ? flds.npos : end - start);
      sqlite3_result_text(ctx, piece.data(), static_cast<int>(piece.size()), SQLITE_TRANSIENT);
      return;
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
    ++index;
  }
  sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
}

// fnvhash(int...): 64-bit FNV-1a over the little-endian bytes of each integer (spec §3.2).
void fnvhash(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (int i = 0; i < argc; ++i) {
    uint64_t v = static_cast<uint64_t>(sqlite3_value_int64(argv[i]));
    for (int b = 0; b < 8; ++b) {
      hash ^= (v >> (8 * b)) & 0xFF;
      hash *= 0x100000001b3ULL;
    }
  }
  sqlite3_result_int64(ctx, static_cast<int64_t>(hash));
}

}  // namespace

void register_sql_functions(sqlite3* db) {
  sqlite3_create_function_v2(db, "field_at_index", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             &field_at_index, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "fnvhash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &fnvhash,
                             nullptr, nullptr, nullptr);
}

}  // namespace ankc::native::storage
