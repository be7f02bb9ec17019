#include "backends/native/search/sql_functions.h"

#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/search/rust_regex.h"
#include "backends/native/search/text.h"

namespace ankc::native::search {
namespace {

std::string_view arg_text(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_value_bytes(v))};
}

void destroy_regex(void* p) { delete static_cast<RustRegex*>(p); }

// The regex in argument 0, compiled once per statement via SQLite aux data; null on error
// (the error has then been reported on `ctx`).
const RustRegex* regex_arg(sqlite3_context* ctx, sqlite3_value** argv) {
  if (auto* cached = static_cast<RustRegex*>(sqlite3_get_auxdata(ctx, 0))) return cached;
  auto* re = new RustRegex(arg_text(argv[0]));
  if (!re->ok()) {
    sqlite3_result_error(ctx, re->error().c_str(), static_cast<int>(re->error().size()));
    delete re;
    return nullptr;
  }
  sqlite3_set_auxdata(ctx, 0, re, destroy_regex);
  // set_auxdata may have destroyed it immediately (out of memory); re-read
  return static_cast<RustRegex*>(sqlite3_get_auxdata(ctx, 0));
}

void fn_regexp(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const RustRegex* re = regex_arg(ctx, argv);
  if (!re) return;
  sqlite3_result_int(ctx, re->is_match(arg_text(argv[1])));
}

void fn_regexp_fields(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc < 2) {
    sqlite3_result_error(ctx, "not enough arguments", -1);
    return;
  }
  const RustRegex* re = regex_arg(ctx, argv);
  if (!re) return;
  std::string_view flds = arg_text(argv[1]);
  std::vector<int64_t> wanted;
  for (int i = 2; i < argc; ++i) wanted.push_back(sqlite3_value_int64(argv[i]));
  size_t start = 0;
  for (int64_t idx = 0;; ++idx) {
    size_t sep = flds.find('\x1f', start);
    std::string_view field = flds.substr(start, sep == std::string_view::npos ? sep : sep - start);
    bool listed = wanted.empty();
    for (int64_t w : wanted) listed = listed || w == idx;
    if (listed && re->is_match(field)) {
      sqlite3_result_int(ctx, 1);
      return;
    }
    if (sep == std::string_view::npos) break;
    start = sep + 1;
  }
  sqlite3_result_int(ctx, 0);
}

void fn_regexp_tags(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const RustRegex* re = regex_arg(ctx, argv);
  if (!re) return;
  std::string_view tags = arg_text(argv[1]);
  size_t start = 0;
  while (true) {
    size_t sep = tags.find(' ', start);
    std::string_view tag = tags.substr(start, sep == std::string_view::npos ? sep : sep - start);
    if (re->is_match(tag)) {
      sqlite3_result_int(ctx, 1);
      return;
    }
    if (sep == std::string_view::npos) break;
    start = sep + 1;
  }
  sqlite3_result_int(ctx, 0);
}

void fn_process_text(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string_view in = arg_text(argv[0]);
  int64_t flags = sqlite3_value_int64(argv[1]);
  std::string text(in);
  if (flags & 2) text = strip_clozes(text);
  if (flags & 1) text = without_combining(text);
  if (text == in) {
    sqlite3_result_null(ctx);  // unchanged: callers coalesce with the original column
    return;
  }
  sqlite3_result_text(ctx, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void fn_field_at_index(sqlite3_context* ctx, int, sqlite3_value** argv) {
  std::string_view flds = arg_text(argv[0]);
  int64_t idx = sqlite3_value_int64(argv[1]);
  size_t start = 0;
  for (int64_t i = 0; i < idx; ++i) {
    size_t sep = flds.find('\x1f', start);
    if (sep == std::string_view::npos) {
      sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
      return;
    }
    start = sep + 1;
  }
  size_t sep = flds.find('\x1f', start);
  std::string_view f = flds.substr(start, sep == std::string_view::npos ? sep : sep - start);
  sqlite3_result_text(ctx, f.data(), static_cast<int>(f.size()), SQLITE_TRANSIENT);
}

// The parts of cards.data the functions read (Anki's CardData; invalid JSON = all absent).
struct CardData {
  std::optional<float> s, d, dr, decay;
  std::optional<int64_t> lrt;
  std::string custom_data;
};

std::optional<float> as_f32(const boost::json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_number()) return std::nullopt;
  return static_cast<float>(it->value().to_number<double>());
}

CardData parse_card_data(std::string_view text) {
  CardData out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  const auto& o = v.get_object();
  if (auto it = o.find("cd"); it != o.end()) {
    if (!it->value().is_string()) return CardData{};  // serde rejects the whole object
    out.custom_data = std::string(it->value().get_string());
  }
  out.s = as_f32(o, "s");
  out.d = as_f32(o, "d");
  out.dr = as_f32(o, "dr");
  out.decay = as_f32(o, "decay");
  if (auto it = o.find("lrt"); it != o.end()) {
    if (it->value().is_int64()) out.lrt = it->value().get_int64();
    else if (it->value().is_uint64()) out.lrt = static_cast<int64_t>(it->value().get_uint64());
  }
  return out;
}

void fn_extract_custom_data(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT || sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string_view data = arg_text(argv[0]);
  if (data.empty()) {
    sqlite3_result_null(ctx);
    return;
  }
  CardData cd = parse_card_data(data);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(cd.custom_data, ec);
  if (ec || !v.is_object()) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string key(arg_text(argv[1]));
  auto it = v.get_object().find(key);
  if (it == v.get_object().end()) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string out = it->value().is_string() ? std::string(it->value().get_string())
                                            : boost::json::serialize(it->value());
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

void fn_extract_fsrs_variable(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string_view data = arg_text(argv[0]);
  if (data.empty()) {
    sqlite3_result_null(ctx);
    return;
  }
  CardData cd = parse_card_data(data);
  std::string_view key = arg_text(argv[1]);
  std::optional<float> v = key == "s" ? cd.s : key == "d" ? cd.d : key == "dr" ? cd.dr
                                                                               : std::nullopt;
  if (v) sqlite3_result_double(ctx, static_cast<double>(*v));
  else sqlite3_result_null(ctx);
}

uint32_t sat_sub(uint32_t a, uint32_t b) { return a > b ? a - b : 0; }

void fn_extract_fsrs_retrievability(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string_view data = arg_text(argv[0]);
  if (data.empty() || sqlite3_value_type(argv[1]) != SQLITE_INTEGER ||
      sqlite3_value_type(argv[5]) != SQLITE_INTEGER) {
    sqlite3_result_null(ctx);
    return;
  }
  CardData cd = parse_card_data(data);
  int64_t due = sqlite3_value_int64(argv[1]);
  int64_t now = sqlite3_value_int64(argv[5]);
  int64_t ivl = sqlite3_value_int64(argv[2]);
  uint32_t elapsed;
  if (cd.lrt) {
    elapsed = sat_sub(static_cast<uint32_t>(now), static_cast<uint32_t>(*cd.lrt));
  } else if (due > 365000) {
    uint32_t last = sat_sub(static_cast<uint32_t>(due), static_cast<uint32_t>(ivl));
    elapsed = sat_sub(static_cast<uint32_t>(now), last);
  } else {
    int64_t today = sqlite3_value_int64(argv[3]);
    uint32_t review_day = sat_sub(static_cast<uint32_t>(due), static_cast<uint32_t>(ivl));
    elapsed = sat_sub(static_cast<uint32_t>(today), review_day) * 86400u;
  }
  if (!cd.s || !cd.d) {
    sqlite3_result_null(ctx);
    return;
  }
  float decay = cd.decay.value_or(0.5f);
  float factor = std::pow(0.9f, 1.0f / -decay) - 1.0f;
  float t = static_cast<float>(elapsed) / 86400.0f;
  float r = std::pow(1.0f + factor * t / *cd.s, -decay);
  sqlite3_result_double(ctx, static_cast<double>(r));
}

int unicase_collate(void*, int na, const void* a, int nb, const void* b) {
  return unicase_compare({static_cast<const char*>(a), static_cast<size_t>(na)},
                         {static_cast<const char*>(b), static_cast<size_t>(nb)});
}

}  // namespace

int register_search_functions(sqlite3* db) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  struct Fn {
    const char* name;
    int arity;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
  };
  static const Fn kFns[] = {
      {"regexp", 2, fn_regexp},
      {"regexp_fields", -1, fn_regexp_fields},
      {"regexp_tags", 2, fn_regexp_tags},
      {"process_text", 2, fn_process_text},
      {"field_at_index", 2, fn_field_at_index},
      {"extract_custom_data", 2, fn_extract_custom_data},
      {"extract_fsrs_variable", 2, fn_extract_fsrs_variable},
      {"extract_fsrs_retrievability", 6, fn_extract_fsrs_retrievability},
  };
  for (const Fn& f : kFns) {
    int rc = sqlite3_create_function_v2(db, f.name, f.arity, kFlags, nullptr, f.fn, nullptr,
                                        nullptr, nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int register_unicase_collation(sqlite3* db) {
  return sqlite3_create_collation_v2(db, "unicase", SQLITE_UTF8, nullptr, unicase_collate, nullptr);
}

}  // namespace ankc::native::search
