// Volatile values: the parts of an AnkiConnect reply that legitimately differ between two runs of the
// same conversation (ids made from the clock, modification times, usn, random guids). The replayer
// learns a mapping recorded -> actual for them and compares everything else byte for byte.
//
// The declared rules (conformance/README.md, "Volatile values"), applied to the recorded reply body:
//   id         an integer of 13 or more digits anywhere (epoch-millisecond note/card/deck/notetype/
//              revlog ids, random template and field ids), and an object key made of 13+ digits
//              (getDeckStats keys its result by deck id) -> learned as a substitution
//   guid       the string value of a member named "guid" -> learned as a substitution
//   timestamp  the integer value of a member named "mod" or "crt" (epoch seconds) -> tolerated in place
//   usn        the integer value of a member named "usn" -> tolerated in place
// Substitutions are replayed into every later request (path and body) and expected reply (body) as
// whole tokens (a number is never replaced inside a longer digit run). Tolerated values are short numbers
// that would collide if substituted elsewhere, so they are only accepted at the position they hold.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::conformance {

enum class VolatileKind { none, id, guid, timestamp, usn };

// Which rule (if any) covers a value token; `key` is the raw name of the member holding it ("" inside
// arrays and at the root), `token` its JSON text, `is_string`/`is_integer` its JSON type.
VolatileKind classify_value(std::string_view key, std::string_view token, bool is_string, bool is_integer);
// Whether an object key (raw text between the quotes) is volatile: 13+ decimal digits.
bool is_volatile_key(std::string_view key);

class Substitutions {
 public:
  // Rewrites every recorded token learned so far into its actual value, in a single pass (so chains
  // a -> b, b -> c never apply twice to the same bytes).
  std::string apply(std::string_view bytes) const;

  // Compares an expected reply body with the actual one. Learns new substitutions where the expected
  // body holds a volatile value and the actual differs at the same JSON position; returns the expected
  // body with every learned substitution and every tolerated value taken from `actual`. The caller then
  // compares that result with `actual` byte for byte: any other difference remains a difference.
  std::string reconcile(std::string_view expected, std::string_view actual);

  // recorded token -> actual token, for reports.
  const std::map<std::string, std::string>& mapping() const { return map_; }
  // Records one substitution directly (unit tests; also how a caller seeds known ids).
  void add(const std::string& recorded, const std::string& actual);

  // By default a recorded token that is already the output of a substitution is not learned (in a
  // cassette it cannot be: its ids are placeholders, so a difference there is real). When both sides
  // hand out ids from the same clock (shadow mode), a new id on one side may equal an id the other
  // handed out: then learn it too (apply() makes one pass, so a -> b, b -> c stays right).
  void learn_over_outputs(bool on) { learn_over_outputs_ = on; }

 private:
  bool is_mapped_output(const std::string& token) const;

  std::map<std::string, std::string> map_;
  bool learn_over_outputs_ = false;
};

}  // namespace ankc::conformance
