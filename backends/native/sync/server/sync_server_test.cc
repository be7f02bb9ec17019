// The sync server on a free loopback port, driven with raw HTTP (libcurl) and zstd, the messages built
// by hand from sync-protocol.md (not with the client): login, meta, full upload/download, a normal
// sync adding a note, sessions, malformed requests, a bad sanity check, chunk sizes.
#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "backends/native/collection/collection.h"
#include "backends/native/notes/note_ops.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/storage/transaction.h"
#include "backends/native/sync/protocol/wire.h"
#include "backends/native/sync/server/sync_server.h"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace ankc::native;
using namespace ankc::native::sync;

namespace {

constexpr const char* kKey = "b2619aa1529dfdc4248e6edbf3c1b2a2b014cf6d";  // sha1("user:pass"), §2

// A scratch folder under the system temp dir, removed with everything in it.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "ankc-sync-server-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A server with user:pass on a free port, its base in a scratch folder.
struct TestServer {
  ScratchDir dir;
  std::unique_ptr<SyncServer> server;
  explicit TestServer(size_t max_payload_mib = 100) {
    SyncServerOptions options;
    options.base = dir.path / "base";
    options.users = {{"user", "pass"}, {"other", "secret"}};
    options.max_payload_mib = max_payload_mib;
    server = std::make_unique<SyncServer>(options);
    server->start();
    REQUIRE(server->port() != 0);
  }
  fs::path collection() const { return dir.path / "base" / "user" / "collection.anki2"; }
};

struct HttpResult {
  long status = 0;
  std::string body;
  std::optional<size_t> original_size;
};

size_t on_body(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  std::string lower = line;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string name = "anki-original-size:";
  if (lower.rfind(name, 0) == 0) *static_cast<std::optional<size_t>*>(out) = std::stoull(line.substr(name.size()));
  return size * n;
}

HttpResult http(uint16_t port, const std::string& method, const std::string& path,
                const std::optional<std::string>& header, const std::string& body) {
  CURL* curl = curl_easy_init();
  REQUIRE(curl);
  HttpResult r;
  std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
  curl_slist* headers = nullptr;
  if (header) headers = curl_slist_append(headers, ("anki-sync: " + *header).c_str());
  headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.original_size);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  REQUIRE(rc == CURLE_OK);
  return r;
}

std::string header_for(const std::string& key, const std::string& session) {
  return R"({"v":11,"k":")" + key + R"(","c":"26.08.1,test,linux","s":")" + session + R"("})";
}

// POST sync/<method> with a zstd payload; returns the raw result (status, still-compressed body).
HttpResult post(uint16_t port, const std::string& method, const std::string& payload, const std::string& key = kKey,
                const std::string& session = "s1") {
  return http(port, "POST", "/sync/" + method, header_for(key, session), zstd_compress(payload));
}

// A 2xx answer's payload, checking the framing of §1.3.
std::string payload_of(const HttpResult& r) {
  REQUIRE(r.status == 200);
  REQUIRE(r.original_size);
  std::string payload = zstd_decompress(r.body, 1u << 30);
  CHECK(payload.size() == *r.original_size);
  return payload;
}

json::value call(uint16_t port, const std::string& method, const std::string& payload,
                 const std::string& session = "s1") {
  return json::parse(payload_of(post(port, method, payload, kKey, session)));
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A collection made by the project's engine with `notes` Basic notes, prepared for a full upload as
// a client does (§5.1 steps 1-5); returns its bytes.
std::string engine_collection(const fs::path& path, int notes) {
  SystemClock clock;
  SeededRandom random(7);
  auto col = Collection::open(path, clock, random);
  storage::Db& db = col->db();
  {
    storage::WriteTransaction tx(db, clock.now());
    NoteWriter writer(db, clock.now(), random);
    auto nt = load_notetype_by_name(db, "Basic");
    REQUIRE(nt);
    for (int i = 0; i < notes; ++i) {
      Note note;
      note.fields = {"front " + std::to_string(i), "back"};
      note.tags = {"engine"};
      writer.add(note, *nt, DeckId{1});
    }
    tx.mark_changed();
    tx.commit();
  }
  int64_t now = clock.now().v;
  db.exec(
      "DELETE FROM graves; UPDATE notes SET usn = 0 WHERE usn = -1; UPDATE cards SET usn = 0 WHERE usn = -1;"
      "UPDATE revlog SET usn = 0 WHERE usn = -1; UPDATE tags SET usn = 0 WHERE usn != 0;"
      "UPDATE deck_config SET usn = 0 WHERE usn != 0; UPDATE decks SET usn = 0 WHERE usn != 0;"
      "UPDATE notetypes SET usn = 0 WHERE usn != 0;"
      "UPDATE col SET usn = usn + 1, scm = " + std::to_string(now) + ", ls = " + std::to_string(now) +
      ", mod = " + std::to_string(now));
  col->close();
  return read_file(path);
}

// One integer (or text) from an SQLite file opened read-only.
struct SqliteFile {
  sqlite3* db = nullptr;
  explicit SqliteFile(const fs::path& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    // Anki's tables name the unicase collation; byte order is enough for these reads.
    sqlite3_create_collation(db, "unicase", SQLITE_UTF8, nullptr,
                             [](void*, int a_len, const void* a, int b_len, const void* b) {
                               int c = std::memcmp(a, b, static_cast<size_t>(std::min(a_len, b_len)));
                               return c != 0 ? c : a_len - b_len;
                             });
  }
  ~SqliteFile() { sqlite3_close(db); }
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  int64_t integer(const std::string& sql) { return std::stoll(text(sql)); }
};

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Uploads an engine collection with `notes` notes into the account; returns the local file's counts.
struct Uploaded {
  int64_t notetypes = 0, decks = 0, deck_configs = 0, usn = 0, basic_id = 0;
};
Uploaded upload_engine_collection(TestServer& s, int notes) {
  fs::path local = s.dir.path / "local.anki2";
  std::string bytes = engine_collection(local, notes);
  Uploaded u;
  {
    SqliteFile f(local);
    u.notetypes = f.integer("SELECT count() FROM notetypes");
    u.decks = f.integer("SELECT count() FROM decks");
    u.deck_configs = f.integer("SELECT count() FROM deck_config");
    u.usn = f.integer("SELECT usn FROM col");
    u.basic_id = f.integer("SELECT id FROM notetypes WHERE name = 'Basic'");
  }
  REQUIRE(payload_of(post(s.server->port(), "upload", bytes)) == "OK");
  return u;
}

}  // namespace

TEST_CASE("login: the host key for the right password, 403 otherwise") {
  TestServer s;
  uint16_t port = s.server->port();
  json::value key = json::parse(payload_of(post(port, "hostKey", R"({"u":"user","p":"pass"})", "")));
  CHECK(key.at("key").as_string() == kKey);
  HttpResult wrong = post(port, "hostKey", R"({"u":"user","p":"nope"})", "");
  CHECK(wrong.status == 403);
  CHECK(wrong.body == "403");
  CHECK(post(port, "hostKey", R"({"u":"nobody","p":"pass"})", "").status == 403);
  // A wrong key on any other method.
  CHECK(post(port, "meta", R"({"v":11,"cv":"anki,26.08.1 (test),linux"})", "0123").status == 403);
  CHECK(http(port, "GET", "/health", std::nullopt, "").status == 200);
}

TEST_CASE("meta of a fresh user") {
  TestServer s;
  int64_t before = now_ms();
  json::value m = call(s.server->port(), "meta", R"({"v":11,"cv":"anki,26.08.1 (test),linux"})");
  const json::object& o = m.as_object();
  CHECK(o.at("mod").as_int64() == 0);
  CHECK(o.at("usn").as_int64() == 0);
  CHECK(o.at("scm").as_int64() >= before - 1000);
  CHECK(o.at("scm").as_int64() <= now_ms());
  CHECK(std::abs(o.at("ts").as_int64() - now_ms() / 1000) <= 2);
  CHECK(o.at("empty").as_bool());
  CHECK(o.at("cont").as_bool());
  CHECK(o.at("msg").as_string() == "");
  CHECK(o.at("hostNum").as_int64() == 0);
  CHECK(o.at("media_usn").as_int64() == 0);
  CHECK(fs::exists(s.collection()));
  // meta v outside 8..=11 -> 501.
  CHECK(post(s.server->port(), "meta", R"({"v":7,"cv":"x"})").status == 501);
}

TEST_CASE("full upload of an engine collection, then download it back") {
  TestServer s;
  uint16_t port = s.server->port();
  Uploaded u = upload_engine_collection(s, 3);
  json::value m = call(port, "meta", R"({"v":11,"cv":"anki,26.08.1 (test),linux"})");
  CHECK(!m.at("empty").as_bool());
  CHECK(m.at("usn").as_int64() == u.usn);

  std::string bytes = payload_of(post(port, "download", "{}"));
  fs::path downloaded = s.dir.path / "downloaded.anki2";
  std::ofstream(downloaded, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  SqliteFile f(downloaded);
  CHECK(f.text("PRAGMA integrity_check") == "ok");
  CHECK(f.integer("SELECT count() FROM notes") == 3);
  CHECK(f.integer("SELECT count() FROM cards") == 3);
  CHECK(f.integer("SELECT ver FROM col") == 18);
  // §0.1: the server raised its usn and set mod = now before sending.
  CHECK(f.integer("SELECT usn FROM col") == u.usn + 1);
  CHECK(f.integer("SELECT mod FROM col") >= m.at("mod").as_int64());

  // Garbage is refused with a text and 200, and the account keeps its collection.
  CHECK(payload_of(post(port, "upload", "this is not sqlite")).find("corrupt") != std::string::npos);
  CHECK(!call(port, "meta", R"({"v":11,"cv":"x"})").at("empty").as_bool());
}

TEST_CASE("a hand-made normal sync adds a note") {
  TestServer s;
  uint16_t port = s.server->port();
  Uploaded u = upload_engine_collection(s, 1);
  json::value m = call(port, "meta", R"({"v":11,"cv":"anki,26.08.1 (test),linux"})");
  int64_t S = m.at("usn").as_int64();

  json::value graves = call(port, "start", R"({"minUsn":)" + std::to_string(S) + R"(,"lnewer":true,"graves":null})");
  CHECK(json::serialize(graves) == R"({"cards":[],"notes":[],"decks":[]})");
  CHECK(call(port, "applyGraves", R"({"chunk":{"cards":[],"notes":[],"decks":[]}})").is_null());
  json::value changes =
      call(port, "applyChanges", R"({"changes":{"models":[],"decks":[[],[]],"tags":["synced"]}})");
  // Nothing changed on the server since S, and the client is newer: no conf/crt.
  CHECK(json::serialize(changes) == R"({"models":[],"decks":[[],[]],"tags":[]})");
  json::value chunk = call(port, "chunk", "{}");
  CHECK(json::serialize(chunk) == R"({"done":true})");

  int64_t nid = 1700000000000, cid = 1700000000001, mod = 1700000000;
  std::string s_usn = std::to_string(S);
  std::string note = "[" + std::to_string(nid) + R"(,"guid0001",)" + std::to_string(u.basic_id) + "," +
                     std::to_string(mod) + "," + s_usn + R"(," synced ","<b>Front</b> text\u001fback","","",0,""])";
  std::string card = "[" + std::to_string(cid) + "," + std::to_string(nid) + ",1,0," + std::to_string(mod) + "," +
                     s_usn + R"(,0,0,5,0,0,0,0,0,0,0,0,"{}"])";
  std::string revlog = "[1700000000002," + std::to_string(cid) + "," + s_usn + ",3,1,0,2500,4000.0,0]";
  CHECK(call(port, "applyChunk",
             R"({"chunk":{"done":true,"revlog":[)" + revlog + R"(],"cards":[)" + card + R"(],"notes":[)" + note +
                 "]}}")
            .is_null());
  std::string counts = "[[0,0,0],2,2,1,0," + std::to_string(u.notetypes) + "," + std::to_string(u.decks) + "," +
                       std::to_string(u.deck_configs) + "]";
  json::value sanity = call(port, "sanityCheck2", R"({"client":)" + counts + "}");
  CHECK(json::serialize(sanity) == R"({"status":"ok","c":null,"s":null})");
  int64_t before = now_ms();
  json::value finished = call(port, "finish", "{}");
  REQUIRE(finished.is_int64());
  CHECK(finished.as_int64() >= before);

  json::value after = call(port, "meta", R"({"v":11,"cv":"x"})");
  CHECK(after.at("mod").as_int64() == finished.as_int64());
  CHECK(after.at("usn").as_int64() == S + 1);

  s.server->stop();
  SqliteFile f(s.collection());
  CHECK(f.text("PRAGMA integrity_check") == "ok");
  CHECK(f.text("SELECT sfld FROM notes WHERE id = " + std::to_string(nid)) == "Front text");
  // csum: the first 8 hex digits of sha1 of the stripped first field, as an integer.
  CHECK(f.integer("SELECT csum FROM notes WHERE id = " + std::to_string(nid)) != 0);
  CHECK(f.integer("SELECT usn FROM notes WHERE id = " + std::to_string(nid)) == S);
  CHECK(f.text("SELECT tags FROM notes WHERE id = " + std::to_string(nid)) == " synced ");
  CHECK(f.integer("SELECT usn FROM cards WHERE id = " + std::to_string(cid)) == S);
  CHECK(f.integer("SELECT time FROM revlog WHERE id = 1700000000002") == 4000);
  CHECK(f.integer("SELECT usn FROM tags WHERE tag = 'synced'") == S);
  CHECK(f.integer("SELECT ls FROM col") == finished.as_int64());
  CHECK(f.integer("SELECT count() FROM notes") == 2);
}

TEST_CASE("sessions: 409 for another key or no sync, abort drops the state") {
  TestServer s;
  uint16_t port = s.server->port();
  upload_engine_collection(s, 1);
  CHECK(post(port, "chunk", "{}").status == 409);  // no active sync
  call(port, "start", R"({"minUsn":0,"lnewer":false,"graves":null})", "A");
  HttpResult other = post(port, "chunk", "{}", kKey, "B");
  CHECK(other.status == 409);
  CHECK(other.body == "409");
  CHECK(post(port, "chunk", "{}", kKey, "").status == 400);  // missing skey
  // The state survives another key's attempt.
  json::value chunk = call(port, "chunk", "{}", "A");
  CHECK(chunk.at("done").as_bool());
  CHECK(chunk.at("notes").as_array().size() == 1);
  CHECK(call(port, "abort", "{}", "B").is_null());
  CHECK(post(port, "chunk", "{}", kKey, "A").status == 409);
  // meta aborts a sync in progress.
  call(port, "start", R"({"minUsn":0,"lnewer":false,"graves":null})", "A");
  call(port, "meta", R"({"v":11,"cv":"x"})", "other");
  CHECK(post(port, "finish", "{}", kKey, "A").status == 409);
}

TEST_CASE("malformed requests get 400 with a bare body") {
  TestServer s;
  uint16_t port = s.server->port();
  std::string meta = R"({"v":11,"cv":"x"})";
  HttpResult garbage = http(port, "POST", "/sync/meta", header_for(kKey, "s"), "not zstd at all");
  CHECK(garbage.status == 400);
  CHECK(garbage.body == "400");
  CHECK(!garbage.original_size);
  CHECK(post(port, "meta", "not json").status == 400);
  CHECK(post(port, "meta", "[]").status == 400);
  CHECK(post(port, "chunk", "").status == 400);  // an empty payload is not {}
  CHECK(http(port, "POST", "/sync/meta", std::nullopt, zstd_compress(meta)).status == 400);  // no header
  CHECK(http(port, "POST", "/sync/meta", R"({"v":11,"k":")" + std::string(kKey) + R"(","c":"c"})",
             zstd_compress(meta))
            .status == 400);  // a key missing
  CHECK(http(port, "POST", "/sync/meta", R"({"v":12,"k":")" + std::string(kKey) + R"(","c":"c","s":""})",
             zstd_compress(meta))
            .status == 400);  // unsupported v
  // Inside a sync: a chunk row of the wrong length, or a float where none is allowed (§0.5).
  call(port, "start", R"({"minUsn":0,"lnewer":false,"graves":null})");
  CHECK(post(port, "applyChunk", R"({"chunk":{"done":true,"revlog":[[1,2,3]]}})").status == 400);
  CHECK(post(port, "applyChunk", R"({"chunk":{"done":true,"revlog":[[1,2,0,3.5,1,1,1,1,1]]}})").status == 400);
  // A note whose notetype does not exist fails inside the state: 400, and the state is gone.
  call(port, "start", R"({"minUsn":0,"lnewer":false,"graves":null})");
  CHECK(post(port, "applyChunk", R"({"chunk":{"done":true,"notes":[[5,"g",42,1,0,"","a","","",0,""]]}})").status ==
        400);
  CHECK(post(port, "chunk", "{}").status == 409);
  CHECK(http(port, "POST", "/sync/nosuchmethod", header_for(kKey, "s"), zstd_compress("{}")).status == 404);
}

TEST_CASE("a bad sanity check rolls the sync back") {
  TestServer s;
  uint16_t port = s.server->port();
  Uploaded u = upload_engine_collection(s, 1);
  int64_t S = call(port, "meta", R"({"v":11,"cv":"x"})").at("usn").as_int64();
  call(port, "start", R"({"minUsn":)" + std::to_string(S) + R"(,"lnewer":true,"graves":null})");
  call(port, "applyChanges", R"({"changes":{"models":[],"decks":[[],[]],"tags":["rolledback"]}})");
  std::string note = "[1700000000000,\"g2\"," + std::to_string(u.basic_id) + ",1700000000," + std::to_string(S) +
                     R"(,"","x\u001fy","","",0,""])";
  call(port, "applyChunk", R"({"chunk":{"done":true,"notes":[)" + note + "]}}");
  json::value sanity = call(port, "sanityCheck2", R"({"client":[[0,0,0],99,2,0,0,1,1,1]})");
  CHECK(sanity.at("status").as_string() == "bad");
  CHECK(sanity.at("c").at(1).as_int64() == 99);
  CHECK(sanity.at("s").at(1).as_int64() == 1);
  CHECK(post(port, "finish", "{}").status == 409);
  json::value m = call(port, "meta", R"({"v":11,"cv":"x"})");
  CHECK(m.at("usn").as_int64() == S);
  s.server->stop();
  SqliteFile f(s.collection());
  CHECK(f.integer("SELECT count() FROM notes") == 1);
  CHECK(f.integer("SELECT count() FROM tags WHERE tag = 'rolledback'") == 0);
}

TEST_CASE("chunks: 250 objects per call in round-robin, then done") {
  TestServer s;
  uint16_t port = s.server->port();
  upload_engine_collection(s, 130);  // 130 notes + 130 cards = 260 objects
  call(port, "start", R"({"minUsn":0,"lnewer":false,"graves":null})");
  json::value first = call(port, "chunk", "{}");
  CHECK(!first.at("done").as_bool());
  CHECK(first.at("notes").as_array().size() == 125);
  CHECK(first.at("cards").as_array().size() == 125);
  json::value second = call(port, "chunk", "{}");
  CHECK(second.at("done").as_bool());
  CHECK(second.at("notes").as_array().size() == 5);
  CHECK(second.at("cards").as_array().size() == 5);
  // Notes travel with empty sfld/csum and their stored usn (not rewritten by the server).
  const json::array& row = first.at("notes").as_array()[0].as_array();
  CHECK(row.size() == 11);
  CHECK(row[7].as_string() == "");
  CHECK(row[8].as_string() == "");
  CHECK(row[4].as_int64() == 0);
  call(port, "abort", "{}");
}

TEST_CASE("the body size limit answers 413") {
  TestServer s(1);  // 1 MiB
  std::string big(1200 * 1024, 'x');
  for (size_t i = 0; i < big.size(); i += 3) big[i] = static_cast<char>(i * 7919 % 251);
  // Compressed bigger than 1 MiB: refused before anything else.
  CHECK(http(s.server->port(), "POST", "/sync/upload", header_for(kKey, "s"), big).status == 413);
  // Small compressed, but more than 3x the limit once decompressed.
  std::string huge(4u << 20, 'a');
  CHECK(post(s.server->port(), "upload", huge).status == 413);
}

TEST_CASE("applyChanges: the server's objects out, the client's notetypes and decks merged") {
  TestServer s;
  uint16_t port = s.server->port();
  Uploaded u = upload_engine_collection(s, 1);
  int64_t S = call(port, "meta", R"({"v":11,"cv":"x"})").at("usn").as_int64();

  // A client that has never synced (minUsn 0) and is not newer gets everything, conf and crt included.
  call(port, "start", R"({"minUsn":0,"lnewer":false,"graves":null})");
  json::value mine = call(port, "applyChanges", R"({"changes":{"models":[],"decks":[[],[]],"tags":[]}})");
  const json::object& changes = mine.as_object();
  CHECK(changes.at("models").as_array().size() == static_cast<size_t>(u.notetypes));
  CHECK(changes.at("decks").as_array()[0].as_array().size() == static_cast<size_t>(u.decks));
  CHECK(changes.at("decks").as_array()[1].as_array().size() == static_cast<size_t>(u.deck_configs));
  CHECK(changes.at("tags").as_array().size() == 1);  // "engine"
  CHECK(changes.contains("conf"));
  CHECK(changes.contains("crt"));
  json::object basic;
  json::object default_deck;
  for (const auto& m : changes.at("models").as_array()) {
    if (m.at("name").as_string() == "Basic") basic = m.as_object();
  }
  for (const auto& d : changes.at("decks").as_array()[0].as_array()) {
    if (d.at("id").as_int64() == 1) default_deck = d.as_object();
  }
  REQUIRE(!basic.empty());
  REQUIRE(!default_deck.empty());
  call(port, "abort", "{}");

  // The client renames Basic and adds a deck whose name clashes with Default.
  std::string s_usn = std::to_string(S);
  basic["name"] = "Basic renamed";
  basic["mod"] = basic.at("mod").as_int64() + 10;
  basic["usn"] = S;
  json::object clash = default_deck;
  clash["id"] = 1700000000999;
  clash["mod"] = 1700000000;
  clash["usn"] = S;
  call(port, "start", R"({"minUsn":)" + s_usn + R"(,"lnewer":true,"graves":null})");
  json::object payload{{"models", json::array{basic}}, {"decks", json::array{json::array{clash}, json::array{}}},
                       {"tags", json::array{}}};
  call(port, "applyChanges", json::serialize(json::object{{"changes", payload}}));
  CHECK(call(port, "chunk", "{}").at("done").as_bool());
  call(port, "applyChunk", R"({"chunk":{"done":true}})");
  std::string counts = "[[0,0,0],1,1,0,0," + std::to_string(u.notetypes) + "," + std::to_string(u.decks + 1) + "," +
                       std::to_string(u.deck_configs) + "]";
  CHECK(call(port, "sanityCheck2", R"({"client":)" + counts + "}").at("status").as_string() == "ok");
  call(port, "finish", "{}");

  // A notetype whose field count changed cannot be merged: 400 and the sync is dropped.
  int64_t S2 = call(port, "meta", R"({"v":11,"cv":"x"})").at("usn").as_int64();
  json::object grown = basic;
  json::array fields = grown.at("flds").as_array();
  json::object extra = fields[1].as_object();
  extra["name"] = "Extra";
  extra["ord"] = 2;
  extra["id"] = 12345;
  fields.push_back(extra);
  grown["flds"] = fields;
  grown["mod"] = basic.at("mod").as_int64() + 10;
  grown["usn"] = S2;
  call(port, "start", R"({"minUsn":)" + std::to_string(S2) + R"(,"lnewer":true,"graves":null})");
  json::object grown_payload{{"models", json::array{grown}}, {"decks", json::array{json::array{}, json::array{}}},
                             {"tags", json::array{}}};
  CHECK(post(port, "applyChanges", json::serialize(json::object{{"changes", grown_payload}})).status == 400);
  CHECK(post(port, "chunk", "{}").status == 409);

  s.server->stop();
  SqliteFile f(s.collection());
  CHECK(f.text("SELECT name FROM notetypes WHERE id = " + std::to_string(u.basic_id)) == "Basic renamed");
  CHECK(f.integer("SELECT usn FROM notetypes WHERE id = " + std::to_string(u.basic_id)) == S);
  CHECK(f.integer("SELECT count() FROM fields WHERE ntid = " + std::to_string(u.basic_id)) == 2);
  CHECK(f.text("SELECT name FROM decks WHERE id = 1700000000999") == "Default+");
  CHECK(f.integer("SELECT usn FROM decks WHERE id = 1700000000999") == S);
  CHECK(f.text("PRAGMA integrity_check") == "ok");
}
