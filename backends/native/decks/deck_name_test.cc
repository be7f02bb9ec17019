#include <catch2/catch.hpp>

#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/nfc.h"

using namespace ankc::native;

TEST_CASE("human names become normalised native names") {
  CHECK(native_deck_name("foo") == "foo");
  CHECK(native_deck_name("foo::bar") == "foo\x1f" "bar");
  CHECK(native_deck_name("foo::::baz") == "foo\x1f" "blank\x1f" "baz");
  // control characters vanish, including a literal \x1f inside a component
  CHECK(native_deck_name("fo\x1fo::ba\nr") == "foo\x1f" "bar");
  CHECK(native_deck_name("") == "blank");
  CHECK(native_deck_name("  A  ::  B ") == "A\x1f" "B");
  // ':' is trimmed at component ends (A:::B splits as "A" and ":B")
  CHECK(native_deck_name("A:::B") == "A\x1f" "B");
  CHECK(native_deck_name(":x:") == "x");
  // Unicode whitespace (U+3000, NBSP) trims too
  CHECK(native_deck_name("\xe3\x80\x80" "A\xc2\xa0") == "A");
}

TEST_CASE("components are NFC-normalised") {
  // e + combining acute → é
  CHECK(native_deck_name("Cafe\xcc\x81") == "Caf\xc3\xa9");
  CHECK(to_nfc("A\xcc\x8a") == "\xc3\x85");
  CHECK(is_nfc("plain"));
  CHECK_FALSE(is_nfc("e\xcc\x81"));
}

TEST_CASE("native names convert back and split") {
  CHECK(human_deck_name("A\x1f" "B\x1f" "C") == "A::B::C");
  CHECK(deck_name_components("A\x1f" "B") == std::vector<std::string>{"A", "B"});
  CHECK(immediate_parent_name("A\x1f" "B\x1f" "C") == std::optional<std::string>("A\x1f" "B"));
  CHECK_FALSE(immediate_parent_name("A").has_value());
  CHECK(deck_basename("A\x1f" "B") == "B");
}
