// Parser unit tests: node shapes, escapes, Rust number parsing, and a no-crash fuzz on random
// bytes.
#include <catch2/catch.hpp>

#include <random>

#include "backends/action_error.h"
#include "backends/native/search/parser.h"
#include "backends/native/search/search.h"
#include "backends/native/search/search_error.h"
#include "backends/native/search/test_collection.h"
#include "backends/native/search/text.h"

namespace ankc::native::search {
namespace {

// Compact rendering of a parse: T(kind:text) for terms, & | ! ( ).
std::string render(const std::vector<Node>& nodes);
std::string render(const Node& n) {
  switch (n.kind) {
    case Node::Kind::And: return "&";
    case Node::Kind::Or: return "|";
    case Node::Kind::Not: return "!" + render(n.children.front());
    case Node::Kind::Group: return "(" + render(n.children) + ")";
    case Node::Kind::Search:
      if (n.term.kind == TermKind::SingleField) return "F[" + n.term.field + "=" + n.term.text + "]";
      return "T[" + std::to_string(static_cast<int>(n.term.kind)) + ":" + n.term.text + "]";
  }
  return "?";
}
std::string render(const std::vector<Node>& nodes) {
  std::string out;
  for (const Node& n : nodes) out += render(n);
  return out;
}

}  // namespace

TEST_CASE("parser: implicit and, operators, groups, negation", "[parser]") {
  CHECK(render(parse_search("a b")) == "T[1:a]&T[1:b]");
  CHECK(render(parse_search("a OR b")) == "T[1:a]|T[1:b]");
  CHECK(render(parse_search("a (b or c)")) == "T[1:a]&(T[1:b]|T[1:c])");
  CHECK(render(parse_search("-a")) == "!T[1:a]");
  CHECK(render(parse_search("--dog")) == "!T[1:-dog]");
  CHECK(render(parse_search("-")) == "T[1:-]");
  CHECK(render(parse_search("- a")) == "T[1:-]&T[1:a]");
  CHECK(render(parse_search("a\"b\"")) == "T[1:a]&T[1:b]");
  CHECK(render(parse_search("a(b)")) == "T[1:a]&(T[1:b])");
  CHECK(render(parse_search("-and")) == "!&");
  CHECK(render(parse_search("\"and\"")) == "T[1:and]");
  CHECK(render(parse_search("and:x")) == "F[and=x]");
  CHECK(render(parse_search("front:\"a b\"")) == "F[front=a b]");
  CHECK(render(parse_search("\"front:a b\"")) == "F[front=a b]");
  CHECK(render(parse_search("front:a:b")) == "F[front=a:b]");
  CHECK(render(parse_search("3\\:30")) == "T[1:3:30]");
  CHECK(render(parse_search("a\\\\b")) == "T[1:a\\\\b]");
  CHECK(render(parse_search("field:va\\\"lue")) == "F[field=va\"lue]");
  CHECK(render(parse_search("\"field:va\\\"lue\"")) == "F[field=va\"lue]");
  CHECK(render(parse_search("field:\"va\\\"lue\"")) == "F[field=va\"lue]");
  CHECK(render(parse_search("a\u00a0b")) == "T[1:a]&T[1:b]");
}

TEST_CASE("parser: keyword values", "[parser]") {
  auto one = [](const char* q) { return parse_search(q).front().term; };
  CHECK(one("card:+2").kind == TermKind::TemplateOrdinal);
  CHECK(one("card:+2").number == 1);
  CHECK(one("card:0").number == 0);
  CHECK(one("card:65536").kind == TermKind::TemplateName);
  CHECK(one("card:-1").kind == TermKind::TemplateName);
  CHECK(one("added:0").number == 1);
  CHECK(one("resched:0").number == 0);
  CHECK(one("flag:+1").number == 1);
  CHECK(one("preset:a\\-b").text == "a\\-b");
  CHECK(one("re:\\d{3}").text == "\\d{3}");
  CHECK(one("tag:re:x\\\"y").text == "x\"y");
  CHECK(one("dupe:1,a\\\\b").text == "a\\b");
  CHECK(one("prop:ease=2.5").prop.real == 2.5f);
  CHECK(one("prop:rated>-5:3").prop.button == 3);
  CHECK(one("prop:cds:v=x").prop.text == "x");
  CHECK(one("PROP:ivl>1").kind == TermKind::Property);
}

TEST_CASE("parser: Rust number parsing", "[parser]") {
  CHECK(parse_rust_int("+5", 0, 10) == 5);
  CHECK_FALSE(parse_rust_int("-0", 0, 10));
  CHECK_FALSE(parse_rust_int("+", 0, 10));
  CHECK_FALSE(parse_rust_int("", 0, 10));
  CHECK_FALSE(parse_rust_int("1_0", 0, 100));
  CHECK(parse_rust_int("-9223372036854775808", INT64_MIN, INT64_MAX) == INT64_MIN);
  CHECK_FALSE(parse_rust_int("9223372036854775808", INT64_MIN, INT64_MAX));
  CHECK(parse_rust_f32(".5") == 0.5f);
  CHECK(parse_rust_f32("5.") == 5.0f);
  CHECK(parse_rust_f32("1e3") == 1000.0f);
  CHECK(parse_rust_f32("INF").has_value());
  CHECK_FALSE(parse_rust_f32("0x10"));
  CHECK_FALSE(parse_rust_f32("1e"));
  CHECK_FALSE(parse_rust_f32("."));
  CHECK_FALSE(parse_rust_f32(" 1"));
}

TEST_CASE("text: wildcard converters", "[text]") {
  CHECK(to_sql_like("a*b%c_d\\_e\\*f\\\\g") == "a%b\\%c_d\\_e*f\\\\g");
  CHECK(to_re("a*b_c.d\\*e\\_f") == "a.*b.c\\.d\\*e_f");
  CHECK(to_custom_re("a*_", "\\S") == "a\\S*\\S");
  CHECK(to_text("a\\*b\\\\c") == "a*b\\c");
  CHECK(is_glob("a*"));
  CHECK_FALSE(is_glob("a\\*"));
  CHECK(is_glob("a\\\\*"));
  CHECK(without_combining("\u00fcber") == "uber");
  CHECK(without_combining("hei\u00dfen") == "heisen");
  CHECK(without_combining("\ufb01") == "fi");
  CHECK(native_deck_name("a:: b ::") == "a\x1f" "b\x1f" "blank");
  CHECK(strip_html_preserving_media("<img src=\"a.jpg\">Hello&nbsp;<b>World</b>") == " a.jpg Hello World");
  CHECK(field_checksum(" a.jpg Hello World") == 2761552117u);
  CHECK(field_checksum("Tom & Jerry &amp; co") == 1447482666u);
  CHECK(strip_html_preserving_media("Tom & Jerry &amp; co") == "Tom & Jerry &amp; co");
  CHECK(strip_html_preserving_media("A &lt; B") == "A < B");
  CHECK(strip_html_preserving_media("<div>x<br></div>") == "x");
  CHECK(strip_html_preserving_media("a < b > c") == "a  c");
  CHECK(unicase_equal("STRASSE", "stra\u00dfe"));
}

TEST_CASE("parser fuzz: random bytes never crash", "[parser][fuzz]") {
  std::mt19937 rng(12345);
  const std::string alphabet = "ab:*_\\\"()- -deckprop<>=!0123456789\u3000\u00fc,.re:nctag";
  int parsed = 0, rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string q;
    size_t len = rng() % 24;
    for (size_t k = 0; k < len; ++k) {
      if (rng() % 4 == 0) q += static_cast<char>(rng() % 256);  // raw, possibly invalid UTF-8
      else q += alphabet[rng() % alphabet.size()];
    }
    try {
      parse_search(q);
      ++parsed;
    } catch (const ankc::ActionError&) {
      ++rejected;
    }
  }
  CHECK(parsed + rejected == 20000);
  CHECK(parsed > 1000);
  CHECK(rejected > 1000);
}

TEST_CASE("parser: deep nesting is refused with SQLite's answer, never a stack overflow", "[parser][depth]") {
  auto nested = [](int depth, const std::string& open) {
    std::string q;
    for (int i = 0; i < depth; ++i) q += open;
    return q + "a" + std::string(depth, ')');
  };
  testing::TempCollection col = testing::TempCollection::create_empty();
  std::string sqlite_answer;
  try {
    find_notes(col.db(), nested(200, "("));
  } catch (const ankc::ActionError& e) {
    sqlite_answer = e.what();
  }
  CHECK(sqlite_answer.find("parser stack overflow") != std::string::npos);
  CHECK(find_notes(col.db(), nested(20, "(")).empty());
  CHECK_NOTHROW(parse_search(nested(kMaxGroupDepth, "(")));
  // These used to crash the server (SIGSEGV) in the parser's recursion.
  for (const std::string& open : {std::string("("), std::string("-("), std::string("(a or ")}) {
    CHECK_THROWS_WITH(parse_search(nested(kMaxGroupDepth + 1, open)), sqlite_answer);
    CHECK_THROWS_WITH(find_cards(col.db(), nested(100000, open)), sqlite_answer);
  }
  CHECK_THROWS_WITH(parse_search(std::string(100000, '(')), sqlite_answer);
}

}  // namespace ankc::native::search
