// Pure media helpers: Anki's file-name normalisation and hash suffix, Python's base64 and fnmatch.
#include <catch2/catch.hpp>

#include "backends/action_error.h"
#include "backends/native/media/base64.h"
#include "backends/native/media/filename.h"
#include "backends/native/media/glob.h"
#include "backends/native/media/media_folder.h"

using namespace ankc::native::media;

TEST_CASE("normalize_filename follows Anki's rules") {
  CHECK(normalize_filename("foo.jpg") == "foo.jpg");
  CHECK(normalize_filename(std::string("con.jpg[]><:\"/?*^\\|\0\r\n", 22)) == "con_.jpg");
  CHECK(normalize_filename("LPT1") == "LPT1_");
  CHECK(normalize_filename("aux") == "aux_");
  CHECK(normalize_filename("console.txt") == "console.txt");
  CHECK(normalize_filename("com0.txt") == "com0.txt");
  CHECK(normalize_filename("a\xc2\xa0" "b.mp3") == "a b.mp3");  // NBSP -> space
  CHECK(normalize_filename("name.") == "name._");
  CHECK(normalize_filename("name ") == "name _");
  CHECK(normalize_filename("e\xcc\x81.png") == "\xc3\xa9.png");  // NFC
  // U+1F970 (Unicode 11) is unassigned in Unicode 10: removed. U+1F600 (6.1) stays.
  CHECK(normalize_filename("a\xf0\x9f\xa5\xb0.png") == "a.png");
  CHECK(normalize_filename("a\xf0\x9f\x98\x80.png") == "a\xf0\x9f\x98\x80.png");
  CHECK(normalize_filename("a\xef\xb7\x90" "b") == "ab");  // noncharacter U+FDD0
  // 120-byte limit: stem cut to 120 - len(ext) - 2.
  std::string long_name = std::string(240, 'x') + ".jpg";
  CHECK(normalize_filename(long_name) == std::string(115, 'x') + ".jpg");
  CHECK(normalize_filename(std::string(200, 'y')) == std::string(118, 'y'));
  // Multi-byte characters are never split.
  std::string e_acute;
  for (int i = 0; i < 80; ++i) e_acute += "\xc3\xa9";
  std::string cut = normalize_filename(e_acute + ".txt");
  CHECK(cut.size() <= 120);
  CHECK(cut.substr(cut.size() - 4) == ".txt");
  CHECK(is_normalized("ok.png"));
  CHECK_FALSE(is_normalized("a:b.png"));
}

TEST_CASE("hash suffix as Anki names a colliding file") {
  CHECK(hash_suffixed_name("test.jpg", sha1_hex("hello")) == "test-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d.jpg");
  CHECK(hash_suffixed_name("noext", sha1_hex("hello")) == "noext-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d.");
  std::string h = hash_suffixed_name(std::string(118, 'z') + ".mp3", sha1_hex("x"));
  CHECK(h.size() <= 120);
  CHECK(h == std::string(74, 'z') + "-" + sha1_hex("x") + ".mp3");
}

TEST_CASE("names that would leave the folder are refused") {
  CHECK_FALSE(is_safe_component(""));
  CHECK_FALSE(is_safe_component("."));
  CHECK_FALSE(is_safe_component(".."));
  CHECK_FALSE(is_safe_component("../x"));
  CHECK_FALSE(is_safe_component("/etc/passwd"));
  CHECK_FALSE(is_safe_component("a\\b"));
  CHECK_FALSE(is_safe_component(std::string("a\0b", 3)));
  CHECK(is_safe_component("..."));
  CHECK(is_safe_component("a..b"));
  CHECK(basename("a/b.jpg") == "b.jpg");
  CHECK(basename("../../x") == "x");
}

TEST_CASE("Python base64 (non-validating) and its error texts") {
  CHECK(b64decode("SGVsbG8sIHdvcmxkIQ==") == "Hello, world!");
  CHECK(b64decode("SGVsb!!G8=") == "Hello");
  CHECK(b64decode("QUJD=") == "ABC");
  CHECK(b64decode("a b\nc=") == "i\xb7");
  CHECK(b64decode("QQ==QUJD") == "A");
  auto err = [](const char* s) {
    try {
      b64decode(s);
    } catch (const ankc::ActionError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(err("SGVsbG8") == "Incorrect padding");
  CHECK(err("QUJDRA=") == "Incorrect padding");
  CHECK(err("Q") == "Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4");
  CHECK(err("QUJDR") == "Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4");
  CHECK(b64encode("Hello, world!") == "SGVsbG8sIHdvcmxkIQ==");
  CHECK(b64encode("") == "");
  CHECK(b64encode("ab") == "YWI=");
  CHECK(md5_hex("Hello, world!") == "6cd3556deb0da54bca060b4c39479839");
  CHECK(sha1_hex("Hello, world!") == "943a702d06f34599aee1f8da8ef9f7296031d699");
}

TEST_CASE("fnmatch as Python's fnmatchcase") {
  CHECK(fnmatch("a.txt", "*.txt"));
  CHECK_FALSE(fnmatch("a.txt", "[!a]*"));
  CHECK(fnmatch("[x", "[x"));
  CHECK_FALSE(fnmatch("b]", "[]]"));
  CHECK(fnmatch("]", "[]]"));
  CHECK(fnmatch("\xc3\xa9.png", "?.png"));
  CHECK(fnmatch("a-b", "a[-]b"));
  CHECK(fnmatch("c", "[a-c]"));
  CHECK_FALSE(fnmatch("A.TXT", "*.txt"));
  CHECK(fnmatch("", "*"));
  CHECK(fnmatch("abcbc", "a*bc"));
  CHECK_FALSE(fnmatch("abcb", "a*bc"));
  CHECK(fnmatch("a[b", "*[b"));
  CHECK(fnmatch("x", "***"));
}

namespace {
// The backtracking matcher glob.cc used to be, kept as the reference for the linear one on small inputs
// (ASCII only; classes limited to the forms the generator below writes).
bool reference_fnmatch(const std::string& n, size_t ni, const std::string& p, size_t pi) {
  while (pi < p.size()) {
    char pc = p[pi];
    if (pc == '*') {
      while (pi < p.size() && p[pi] == '*') ++pi;
      for (size_t k = ni; k <= n.size(); ++k)
        if (reference_fnmatch(n, k, p, pi)) return true;
      return false;
    }
    if (ni >= n.size()) return false;
    if (pc == '?') {
      ++ni, ++pi;
      continue;
    }
    if (pc == '[') {
      size_t close = p.find(']', pi + 2);
      if (close != std::string::npos) {
        bool negate = p[pi + 1] == '!';
        bool hit = p.substr(pi + 1 + negate, close - pi - 1 - negate).find(n[ni]) != std::string::npos;
        if (hit == negate) return false;
        ++ni, pi = close + 1;
        continue;
      }
    }
    if (n[ni] != pc) return false;
    ++ni, ++pi;
  }
  return ni == n.size();
}
}  // namespace

TEST_CASE("fnmatch agrees with the backtracking matcher on small inputs") {
  const char* atoms[] = {"a", "b", "*", "?", "[ab]", "[!a]", "["};
  uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  for (int round = 0; round < 20000; ++round) {
    std::string pattern, name;
    for (unsigned k = next() % 7; k > 0; --k) pattern += atoms[next() % 7];
    for (unsigned k = next() % 8; k > 0; --k) name += "ab["[next() % 3];
    INFO(name << " ~ " << pattern);
    CHECK(fnmatch(name, pattern) == reference_fnmatch(name, 0, pattern, 0));
  }
}

TEST_CASE("fnmatch is linear: many '*' against a long name completes") {
  // Backtracking took exponential time here while getMediaFilesNames held the collection.
  std::string name(10000, 'a');
  std::string pattern;
  for (int k = 0; k < 30; ++k) pattern += "*a";
  CHECK(fnmatch(name, pattern));
  CHECK_FALSE(fnmatch(name, pattern + "b"));
  CHECK_FALSE(fnmatch(name + "c", pattern + "*b*"));
  CHECK(fnmatch(name + "b", pattern + "*b"));
}
