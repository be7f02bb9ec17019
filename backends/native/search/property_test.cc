// Property test: 1,500 random queries built from the grammar (atoms of search.md §11.2 joined by
// implicit/explicit and, or, negation and groups, with random operator case and spacing) on
// fixture F, each compared with hand-written reference SQL: every atom becomes `c.id in (its
// expected cards)`, combined with the same operators, so SQLite's precedence applies to both.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "backends/native/search/conformance_table.h"
#include "backends/native/search/search.h"
#include "backends/native/search/test_collection.h"

namespace ankc::native::search {
namespace {

using testing::ConformanceRow;
using testing::TempCollection;
using testing::conformance_rows;
using testing::expected_ids;
using testing::sorted;

struct Atom {
  std::string query;
  std::string ref;  // c.id in (...)
};

// Atoms usable inside bigger expressions: one token (no unquoted space or bracket), not starting
// with '-', not relying on NULL semantics (prop:s/d/r/cdn/cds) and not one of Anki's
// unparenthesised fragments (did:, sc:).
std::vector<Atom> atoms() {
  std::vector<Atom> out;
  for (const ConformanceRow& r : conformance_rows()) {
    std::string q = r.query;
    if (q.empty() || q[0] == '-') continue;
    bool quoted = q.front() == '"' && q.back() == '"' && q.size() > 1;
    if (!quoted && q.find_first_of(" ()\"") != std::string::npos) continue;
    if (q.find(" or ") != std::string::npos || q.find(" and ") != std::string::npos) continue;
    for (const char* bad : {"did:", "sc:", "prop:s", "prop:d>", "prop:r", "prop:cd", "has-cd"})
      if (q.find(bad) != std::string::npos) q.clear();
    if (q.empty()) continue;
    std::string ids;
    for (int64_t id : expected_ids(r.cards, true)) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    out.push_back({q, "c.id in (" + ids + ")"});
  }
  return out;
}

struct Gen {
  std::mt19937 rng;
  const std::vector<Atom>& atoms;

  size_t pick(size_t n) { return rng() % n; }

  // Returns (query text, reference SQL).
  std::pair<std::string, std::string> expr(int depth) {
    size_t count = 1 + pick(depth > 0 ? 4 : 3);
    std::string q, ref;
    for (size_t i = 0; i < count; ++i) {
      if (i > 0) {
        switch (pick(5)) {
          case 0: q += " "; ref += " and "; break;
          case 1: q += pick(2) ? " and " : " AND "; ref += " and "; break;
          case 2: q += pick(2) ? "  " : "\u3000"; ref += " and "; break;
          default: q += pick(2) ? " or " : " Or "; ref += " or "; break;
        }
      }
      bool negate = pick(4) == 0;
      std::string nq, nref;
      if (depth > 0 && pick(4) == 0) {
        auto inner = expr(depth - 1);
        nq = "(" + inner.first + ")";
        nref = "(" + inner.second + ")";
      } else {
        const Atom& a = atoms[pick(atoms.size())];
        nq = a.query;
        nref = a.ref;
      }
      q += (negate ? "-" : "") + nq;
      ref += (negate ? "not " : "") + nref;
    }
    return {q, ref};
  }
};

}  // namespace

TEST_CASE("property: 1,500 random grammar queries match reference SQL", "[property]") {
  TempCollection col = TempCollection::create_empty();
  testing::build_fixture_f(col);
  Clock clock{testing::kFixtureNow, 0};
  std::vector<Atom> all = atoms();
  REQUIRE(all.size() > 100);
  Gen gen{std::mt19937(20260822), all};
  int checked = 0;
  for (int i = 0; i < 1500; ++i) {
    auto [query, ref] = gen.expr(2);
    INFO("query: " << query << "\nreference: " << ref);
    auto cards = sorted(find_cards(col.db(), query, clock));
    auto notes = sorted(find_notes(col.db(), query, clock));
    auto want_cards = sorted(col.ids("select c.id from cards c where (" + ref + ")"));
    auto want_notes = sorted(col.ids(
        "select distinct c.nid from cards c where (" + ref + ")"));
    CHECK(cards == want_cards);
    CHECK(notes == want_notes);
    ++checked;
  }
  CHECK(checked == 1500);
}

}  // namespace ankc::native::search
