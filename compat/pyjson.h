// pyjson: Python's json module and repr/pprint, reproduced byte for byte on boost::json values.
//
// AnkiConnect answers with `json.dumps(obj)` and quotes request values in its error texts with
// Python's str()/repr() and pprint.pformat(). These functions produce the same bytes (spec
// ankiconnect-api.md §1.5, §3). JSON strings are held as UTF-8 bytes; a lone surrogate decoded from a
// `\udXXX` escape is held as its 3-byte generalised-UTF-8 form and written back as `\udxxx`.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "compat/emulation.h"

namespace ankc::pyjson {

// json.dumps(v): ", " and ": " separators, ensure_ascii, Python float repr, insertion key order.
// (A byte that is not UTF-8 cannot occur in a Python str; it is written as \ufffd.)
std::string dumps(const boost::json::value& v);
void dump_to(std::string& out, const boost::json::value& v);
// The JSON string literal json.dumps writes for `utf8` (with the quotes).
void dump_string_to(std::string& out, std::string_view utf8);

// Python repr(float): shortest round-trip digits, ".0" for integral values, exponent form outside
// [1e-4, 1e16), "nan"/"inf"/"-inf" (repr) — dumps() writes NaN/Infinity/-Infinity instead.
std::string float_repr(double d);

// A Rust f32 printed by serde_json (shortest f32 digits) and read back by Python as a float (§3).
// Non-finite values come back unchanged; serde_json would have written null for them.
double widen_f32(float f);

// Python repr() of the value Python's json.loads would have produced: 'str', None, True, 1.5, [..],
// {'k': v}. Non-ASCII printable characters stay raw (UTF-8); non-printable ones are escaped.
std::string repr(const boost::json::value& v);
std::string repr_str(std::string_view utf8);
// Python str(): like repr() but a top-level string is its own text.
std::string str(const boost::json::value& v);

// pprint.pformat(v, width=width, sort_dicts=sort_dicts).
std::string pformat(const boost::json::value& v, bool sort_dicts, int width = 72);

// Python's type(x).__name__ for the value json.loads would have produced: 'dict', 'list', 'str',
// 'int', 'float', 'bool', 'NoneType'. Used in the TypeError texts AnkiConnect's code raises.
const char* type_name(const boost::json::value& v);
// Python's bool(x) for that value: null, false, 0, 0.0, "", [] and {} are false.
bool truthy(const boost::json::value& v);

// json.loads(bytes.decode('utf-8')) with Python's exact error texts (spec §1.5). Accepts Python's
// superset: NaN, Infinity, -Infinity, big integers (beyond 64 bits they become doubles), lone
// surrogate escapes, duplicate keys (last value wins, first position kept).
struct LoadResult {
  bool ok = false;
  boost::json::value value;
  std::string error;  // Python's str(exception) when !ok
};
LoadResult loads(std::string_view bytes, PyFlavour flavour);

// --- Helpers on the string representation shared by the functions above ---------------------------

// Decodes the code point of generalised UTF-8 (3-byte surrogates allowed) at utf8[i] and advances i.
// A malformed byte yields U+FFFD and advances by one byte.
char32_t next_code_point(std::string_view utf8, std::size_t& i);
// Appends `cp` as (generalised) UTF-8; surrogates take their 3-byte form.
void append_utf8(std::string& out, char32_t cp);
// Python str.isprintable() for one code point (Unicode tables of the generating python3, see
// compat/testdata/gen_printable.py): what repr() leaves unescaped.
bool is_printable(char32_t cp);
// Python len(): the number of code points in `utf8`.
std::size_t code_point_count(std::string_view utf8);
// True if `utf8` holds a lone surrogate (its 3-byte form ED A0..BF xx), which Python cannot encode.
bool has_lone_surrogate(std::string_view utf8);
// True if any string (key or value) anywhere in `v` does.
bool has_lone_surrogate_anywhere(const boost::json::value& v);

}  // namespace ankc::pyjson
