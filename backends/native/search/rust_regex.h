// Anki's regexes are Rust `regex` crate patterns; we run them with RE2. RustRegex translates the
// syntax where the two differ and reproduces Anki's error text (search.md §3.3, §8.3).
//
// Differences handled here:
//   * \d \w \s (and \D \W \S outside classes) are Unicode in Rust, ASCII in RE2: rewritten to
//     Unicode classes (\w ≈ [\p{L}\p{M}\p{Nd}\p{Pc}\p{Nl}\x{200C}\x{200D}], i.e. Rust's
//     Alphabetic approximated by L+Nl+M; \s = White_Space).
//   * \b is Unicode in Rust, ASCII in RE2: when \b appears only at the start and/or end of the
//     pattern (the w: shape), it is emulated exactly; on pure-ASCII text RE2's \b is used as is.
//   * (?<name>…) is rewritten to (?P<name>…); \uXXXX, \u{…}, \UXXXXXXXX to \x{…}.
//   * RE2 has no size-limit message of its own; "Compiled regex exceeds size limit" is reported
//     as Rust does.
// Known remaining differences (documented, not emulated):
//   * \b or \B in the middle of a pattern, and \W \S inside [...], stay ASCII.
//   * Rust class set operations (&&, --, ~~) and nested classes [a[b]] are not understood.
//   * (?x) verbose mode, \< \> \b{start} word-boundary variants and \p{Alphabetic}-style
//     binary properties are rejected by RE2 (Rust accepts them).
//   * a{2 (unclosed counted repetition) is an error in Rust but a literal in RE2.
//   * Error carets are placed by our own scan, not by Rust's parser; the kind text is mapped
//     from RE2's error code.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace ankc::native::search {

class RustRegex {
 public:
  // Compiles `pattern`; check ok() / error() before matching.
  explicit RustRegex(std::string_view pattern);
  ~RustRegex();
  RustRegex(const RustRegex&) = delete;
  RustRegex& operator=(const RustRegex&) = delete;

  // True if the pattern compiled.
  bool ok() const { return error_.empty(); }
  // Anki's error text for a bad pattern ("<pre>regex parse error:…</pre>"), empty if ok.
  const std::string& error() const { return error_; }
  // True if the pattern matches anywhere in `text` (unanchored, like Rust's is_match).
  bool is_match(std::string_view text) const;

 private:
  bool emulated_match(std::string_view text) const;

  std::string error_;
  std::unique_ptr<re2::RE2> re_;        // the whole pattern (ASCII \b if any)
  bool lead_b_ = false, trail_b_ = false;
  std::unique_ptr<re2::RE2> body_;      // pattern without the leading/trailing \b, if emulating
};

}  // namespace ankc::native::search
