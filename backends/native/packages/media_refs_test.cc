// media_refs: the RE2 patterns give the matches and names of Anki's Python patterns (checked against the
// std::regex spelling with backreference and lookahead on small generated fields), and a long
// unterminated reference, which used to overflow libstdc++'s recursive matcher, completes.
#include <catch2/catch.hpp>

#include <regex>

#include "backends/native/packages/media_refs.h"

using ankc::native::packages::referenced_files;
using ankc::native::packages::transform_references;

namespace {

// The patterns as Anki's media.py writes them, in std::regex: the reference for short inputs only.
std::vector<std::string> reference_files(const std::string& s) {
  const auto flags = std::regex::ECMAScript | std::regex::icase;
  const std::pair<std::regex, int> patterns[] = {
      {std::regex(R"(\[sound:([^\]]+)\])", flags), 1},
      {std::regex(R"(<(?:img|audio)\b[^>]* src=(["'])([^>]+?)\1[^>]*>)", flags), 2},
      {std::regex(R"(<(?:img|audio)\b[^>]* src=(?!['"])([^ >]+)[^>]*?>)", flags), 1},
      {std::regex(R"(<object\b[^>]* data=(["'])([^>]+?)\1[^>]*>)", flags), 2},
      {std::regex(R"(<object\b[^>]* data=(?!['"])([^ >]+)[^>]*?>)", flags), 1},
  };
  const std::regex remote(R"(^(https?|ftp)://)", flags);
  std::vector<std::string> out;
  for (const auto& [re, group] : patterns)
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it)
      if (!std::regex_search((*it)[group].str(), remote)) out.push_back((*it)[group].str());
  return out;
}

}  // namespace

TEST_CASE("media_refs: Anki's reference forms") {
  CHECK(referenced_files("[sound:a.mp3] x [SOUND:b.ogg]") == std::vector<std::string>{"a.mp3", "b.ogg"});
  CHECK(referenced_files(R"(<img class=x src="a b.png" alt='q'><IMG src=c.jpg>)") ==
        std::vector<std::string>{"a b.png", "c.jpg"});
  CHECK(referenced_files(R"(<img src='it"s.png'><audio src="http://x/y.mp3">)") ==
        std::vector<std::string>{"it\"s.png"});
  CHECK(referenced_files(R"(<object data="d.svg"></object><object data=e.svg>)") ==
        std::vector<std::string>{"d.svg", "e.svg"});
  CHECK(referenced_files("[sound:] <imgx src=a.png> <img src=>").empty());
  CHECK(transform_references(R"([sound:a.mp3] <img src="a.mp3">)", [](const std::string& n) {
          return n == "a.mp3" ? std::string("b.mp3") : n;
        }) == R"([sound:b.mp3] <img src="b.mp3">)");
}

TEST_CASE("media_refs: same names as the backtracking patterns on generated fields") {
  const char* atoms[] = {"<img", "<IMG", "<audio", "<object", " src=", " data=", " SRC=", "\"", "'",
                         ">", " ", "a", "b.png", "[sound:", "]", "\n", "x=", "http://"};
  const size_t n_atoms = sizeof atoms / sizeof *atoms;
  uint32_t seed = 7;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  for (int round = 0; round < 20000; ++round) {
    std::string field;
    for (unsigned k = next() % 14; k > 0; --k) field += atoms[next() % n_atoms];
    INFO(field);
    CHECK(referenced_files(field) == reference_files(field));
  }
}

TEST_CASE("media_refs: a long unterminated reference completes") {
  // Stored in a note field, each of these crashed every later exportPackage/importPackage touching it.
  std::string tail(1 << 20, 'a');
  CHECK(referenced_files("[sound:" + tail).empty());
  CHECK(referenced_files("<img src=\"" + tail).empty());
  CHECK(referenced_files("<img src=\"" + tail + "\">") == std::vector<std::string>{tail});
  CHECK(referenced_files("<object data='" + tail + "'>") == std::vector<std::string>{tail});
  CHECK(transform_references("<img src=" + tail, [](const std::string& n) { return n + "x"; }) ==
        "<img src=" + tail);
}
