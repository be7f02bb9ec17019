// search_bench: builds a 100k-note / 150k-card collection with realistic fields, tags, decks and
// review history, then times 10 searches through find_cards() against the same SQL (parameters
// inlined) run by the sqlite3 CLI on the same file, and prints each ratio.
// Usage: search_bench [dir]   (default: a temp dir; the CLI must be on PATH as `sqlite3`)
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "backends/native/search/search.h"
#include "backends/native/search/sql_functions.h"
#include "backends/native/search/test_collection.h"
#include "backends/native/search/text.h"

namespace search = ankc::native::search;

namespace {

constexpr int64_t kNow = 1760000000;  // 2025-10-09
constexpr int64_t kCrt = 1700000000 - (1700000000 % 86400) + 4 * 3600;

void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n", err);
    std::exit(1);
  }
}

std::vector<std::string> make_vocabulary(std::mt19937& rng) {
  static const char* kSyll[] = {"ka", "mo", "ri", "te", "lu", "sa", "ne", "qu", "ick", "ap",
                                "ple", "mem", "ory", "sci", "ence", "ver", "bo", "dra", "gon", "ist"};
  std::vector<std::string> words;
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    int n = 2 + static_cast<int>(rng() % 3);
    for (int k = 0; k < n; ++k) w += kSyll[rng() % 20];
    words.push_back(w);
  }
  for (const char* w : {"memory", "apple", "quick", "quack", "science", "history", "verb"})
    words.push_back(w);
  return words;
}

std::string sentence(std::mt19937& rng, const std::vector<std::string>& vocab, int min, int max) {
  int n = min + static_cast<int>(rng() % static_cast<unsigned>(max - min + 1));
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += ' ';
    const std::string& w = vocab[rng() % vocab.size()];
    switch (rng() % 12) {
      case 0: s += "<b>" + w + "</b>"; break;
      case 1: s += "<i>" + w + "</i>"; break;
      default: s += w;
    }
  }
  if (rng() % 20 == 0) s += "<br><img src=\"paste-" + std::to_string(rng()) + ".jpg\">";
  return s;
}

void build(const std::string& path) {
  std::mt19937 rng(42);
  auto vocab = make_vocabulary(rng);
  sqlite3* db = nullptr;
  std::filesystem::remove(path);
  sqlite3_open(path.c_str(), &db);
  search::register_unicase_collation(db);
  exec(db, search::testing::schema18_ddl());
  exec(db, "begin");
  exec(db, "insert into col values (1, " + std::to_string(kCrt) + ", 0, 0, 18, 0, 0, 0, '', '', '', '', '')");
  for (auto [k, v] : {std::pair{"schedVer", "2"}, {"rollover", "4"}, {"creationOffset", "0"},
                      {"curDeck", "1"}, {"collapseTime", "1200"}})
    exec(db, std::string("insert into config values ('") + k + "', 0, 0, cast('" + v + "' as blob))");
  exec(db, "insert into notetypes values (1001, 'Basic', 0, 0, x''), (1002, 'Basic (and reversed "
           "card)', 0, 0, x''), (1003, 'Cloze', 0, 0, x'0801'), (1004, 'Vocab', 0, 0, x'')");
  exec(db, "insert into fields values (1001,0,'Front',x''),(1001,1,'Back',x''),(1002,0,'Front',x''),"
           "(1002,1,'Back',x''),(1003,0,'Text',x''),(1003,1,'Back Extra',x''),(1004,0,'Word',x''),"
           "(1004,1,'Meaning',x''),(1004,2,'Example',x'')");
  exec(db, "insert into templates values (1001,0,'Card 1',0,0,x''),(1002,0,'Card 1',0,0,x''),"
           "(1002,1,'Card 2',0,0,x''),(1003,0,'Cloze',0,0,x''),(1004,0,'Recognition',0,0,x'')");
  const char* deck_names[] = {"Default", "Lang", "Lang\x1f" "French", "Lang\x1f" "French\x1f" "Verbs",
                              "Lang\x1f" "German", "Lang\x1f" "Spanish", "Science", "Science\x1fBio",
                              "Science\x1f" "Chem", "History", "History\x1f" "Rome", "Music",
                              "Geo", "Geo\x1f" "Capitals", "Math", "Misc"};
  for (int i = 0; i < 16; ++i)
    exec(db, "insert into decks values (" + std::to_string(i + 1) + ", '" + deck_names[i] +
                 "', 0, 0, x'08011001', x'0a020801')");
  exec(db, "insert into deck_config values (1, 'Default', 0, 0, x'')");
  const char* tag_pool[] = {"science", "science::bio", "science::chem", "history", "lang::fr",
                            "lang::de", "verbs", "leech", "marked", "geo", "todo", "exam::2024",
                            "exam::2025", "music", "math", "vocab"};
  sqlite3_stmt *note_st, *card_st, *rev_st;
  sqlite3_prepare_v2(db, "insert into notes values (?,?,?,?,0,?,?,?,?,0,'')", -1, &note_st, nullptr);
  sqlite3_prepare_v2(db, "insert into cards values (?,?,?,?,0,0,?,?,?,?,?,?,?,0,0,0,?,?)", -1,
                     &card_st, nullptr);
  sqlite3_prepare_v2(db, "insert into revlog values (?,?,0,?,?,?,2500,5000,1)", -1, &rev_st, nullptr);
  int64_t id_base = (kNow - 400 * 86400) * 1000;
  int64_t card_id = id_base;
  int64_t rev_id = (kNow - 365 * 86400) * 1000;
  int64_t days_elapsed = (kNow - kCrt) / 86400;
  int cards = 0;
  for (int i = 0; i < 100000; ++i) {
    int64_t nid = id_base + int64_t{i} * 300000;  // spread over ~1 year
    int64_t mid = 1001 + static_cast<int64_t>(rng() % 10 < 6 ? 0 : rng() % 4);
    std::vector<std::string> fields;
    int nfields = mid == 1004 ? 3 : 2;
    for (int f = 0; f < nfields; ++f) fields.push_back(sentence(rng, vocab, f == 0 ? 1 : 4, f == 0 ? 4 : 20));
    if (mid == 1003) fields[0] = "The {{c1::" + vocab[rng() % vocab.size()] + "}} is " + fields[0];
    std::string flds;
    for (int f = 0; f < nfields; ++f) flds += (f ? "\x1f" : "") + fields[f];
    std::string tags;
    int ntags = static_cast<int>(rng() % 4);
    for (int t = 0; t < ntags; ++t) tags += std::string(" ") + tag_pool[rng() % 16];
    if (!tags.empty()) tags += " ";
    std::string sfld = search::strip_html_preserving_media(fields[0]);
    sqlite3_bind_int64(note_st, 1, nid);
    std::string guid = "g" + std::to_string(nid);
    sqlite3_bind_text(note_st, 2, guid.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(note_st, 3, mid);
    sqlite3_bind_int64(note_st, 4, nid / 1000 + static_cast<int64_t>(rng() % 1000000));
    sqlite3_bind_text(note_st, 5, tags.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(note_st, 6, flds.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(note_st, 7, sfld.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(note_st, 8, search::field_checksum(sfld));
    check(sqlite3_step(note_st), db);
    sqlite3_reset(note_st);
    int ncards = mid == 1002 ? 2 : mid == 1001 ? 1 + static_cast<int>(rng() % 2) : 1 + static_cast<int>(rng() % 3 == 0);
    for (int c = 0; c < ncards; ++c) {
      card_id += 1 + static_cast<int64_t>(rng() % 460000);  // ~400 days over 150k cards
      ++cards;
      int did = 1 + static_cast<int>(rng() % 16);
      int kind = static_cast<int>(rng() % 10);  // 0-2 new, 3 learn, 4-9 review
      int type = kind < 3 ? 0 : kind == 3 ? 1 : 2;
      int queue = type;
      if (type == 2 && rng() % 25 == 0) queue = -1;
      int64_t due = type == 0 ? cards : type == 1 ? kNow + static_cast<int64_t>(rng() % 7200) - 3600
                                                  : days_elapsed - 30 + static_cast<int64_t>(rng() % 90);
      int ivl = type == 2 ? 1 + static_cast<int>(rng() % 200) : 0;
      int64_t vals[] = {card_id, nid, did, c, type, queue, due, ivl, type == 2 ? 2500 : 0,
                        type == 0 ? 0 : 1 + static_cast<int>(rng() % 30), static_cast<int>(rng() % 3),
                        static_cast<int>(rng() % 8 == 0 ? 1 + rng() % 7 : 0)};
      for (int k = 0; k < 12; ++k) sqlite3_bind_int64(card_st, k + 1, vals[k]);
      std::string data = type == 2 && rng() % 2 ? "{\"s\":" + std::to_string(1 + rng() % 100) +
                                                     ",\"d\":5.1,\"lrt\":" + std::to_string(kNow - 86400 * (rng() % 60)) + "}"
                                                : "{}";
      sqlite3_bind_text(card_st, 13, data.c_str(), -1, SQLITE_TRANSIENT);
      check(sqlite3_step(card_st), db);
      sqlite3_reset(card_st);
      if (type != 0) {
        int reviews = 1 + static_cast<int>(rng() % 4);
        for (int r = 0; r < reviews; ++r) {
          rev_id += 1 + static_cast<int64_t>(rng() % 60000);
          int64_t rid = (kNow - static_cast<int64_t>(rng() % (365 * 86400))) * 1000 + (rev_id % 1000);
          sqlite3_bind_int64(rev_st, 1, rid);
          sqlite3_bind_int64(rev_st, 2, card_id);
          sqlite3_bind_int64(rev_st, 3, rng() % 20 == 0 ? 0 : 1 + rng() % 4);
          sqlite3_bind_int64(rev_st, 4, ivl);
          sqlite3_bind_int64(rev_st, 5, ivl / 2);
          sqlite3_step(rev_st);  // a rare id collision is simply skipped
          sqlite3_reset(rev_st);
        }
      }
    }
  }
  sqlite3_finalize(note_st);
  sqlite3_finalize(card_st);
  sqlite3_finalize(rev_st);
  exec(db, "commit");
  exec(db, "analyze");
  std::printf("built %s: 100000 notes, %d cards\n", path.c_str(), cards);
  sqlite3_close(db);
}

// The SQL with every ?N replaced by a quoted literal; (?i)/(?is) prefixes dropped for the CLI's
// regexp (a different engine without inline flags; timing is what matters).
std::string inline_params(const search::SqlQuery& q) {
  std::string sql = q.sql;
  for (size_t n = q.args.size(); n >= 1; --n) {
    std::string arg = q.args[n - 1];
    for (const char* prefix : {"(?is)", "(?i)"})
      if (arg.rfind(prefix, 0) == 0) arg = arg.substr(std::char_traits<char>::length(prefix));
    std::string lit = "'";
    for (char c : arg) lit += c == '\'' ? std::string("''") : std::string(1, c);
    lit += "'";
    std::string ph = "?" + std::to_string(n);
    for (size_t p = sql.find(ph); p != std::string::npos; p = sql.find(ph, p + lit.size())) {
      if (p + ph.size() < sql.size() && std::isdigit(static_cast<unsigned char>(sql[p + ph.size()]))) {
        p += ph.size();
        continue;
      }
      sql.replace(p, ph.size(), lit);
    }
  }
  return sql;
}

// Median CLI time (ms) of `sql` over `runs` runs, from `.timer on`; -1 if the CLI failed.
double cli_ms(const std::string& path, const std::string& sql, int runs, std::string& error) {
  std::string script_path = std::filesystem::temp_directory_path() / "ankc_search_bench.sql";
  FILE* f = std::fopen(script_path.c_str(), "w");
  std::fprintf(f, ".timer on\n");
  for (int i = 0; i < runs; ++i) std::fprintf(f, ".once /dev/null\n%s;\n", sql.c_str());
  std::fclose(f);
  std::string cmd = "sqlite3 '" + path + "' < '" + script_path + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::vector<double> times;
  char line[4096];
  while (std::fgets(line, sizeof line, p)) {
    double real;
    if (std::sscanf(line, "Run Time: real %lf", &real) == 1) times.push_back(real * 1000);
    else if (error.empty()) error = line;
  }
  pclose(p);
  if (times.empty()) return -1;
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : (std::filesystem::temp_directory_path() / "ankc_search_bench").string();
  std::filesystem::create_directories(dir);
  std::string path = dir + "/bench.anki2";
  if (!std::filesystem::exists(path)) build(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  search::register_unicase_collation(db);
  search::register_search_functions(db);
  search::Clock clock{kNow, 0};
  const char* queries[] = {"memory",
                           "front:*apple*",
                           "tag:science",
                           "deck:Lang",
                           "is:due",
                           "prop:ivl>10",
                           "rated:7",
                           "added:30",
                           "re:qu[ai]ck",
                           "deck:Lang tag:sci* -is:suspended prop:ivl>10 memory or rated:7"};
  const int runs = 7;
  std::printf("%-66s %8s %10s %10s %7s\n", "query (findCards)", "ids", "ours ms", "cli ms", "ratio");
  for (const char* q : queries) {
    std::vector<double> times;
    size_t count = 0;
    for (int i = 0; i < runs; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      search::SqliteSearchContext ctx(db, clock);
      auto ids = search::find_cards(db, q, ctx);
      auto t1 = std::chrono::steady_clock::now();
      count = ids.size();
      times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(times.begin(), times.end());
    double ours = times[times.size() / 2];
    search::SqliteSearchContext ctx(db, clock);
    std::string sql = inline_params(search::build_search_sql(q, search::ReturnItem::Cards, ctx));
    std::string error;
    double cli = cli_ms(path, sql, runs, error);
    if (cli < 0)
      std::printf("%-66s %8zu %10.2f %10s %7s  (CLI: %s)\n", q, count, ours, "n/a", "-",
                  error.substr(0, 60).c_str());
    else
      std::printf("%-66s %8zu %10.2f %10.2f %7.2f\n", q, count, ours, cli, ours / cli);
  }
  sqlite3_close(db);
  return 0;
}
