// The protocol module against the spec's examples (sync-protocol.md §1, §4.4, §0.5).
#include <catch2/catch.hpp>
#include <zstd.h>

#include <boost/json.hpp>

#include "backends/native/sync/protocol/messages.h"
#include "backends/native/sync/protocol/wire.h"

using namespace ankc::native::sync;
namespace json = boost::json;

TEST_CASE("header round trip, fixed key order") {
  SyncHeader h{11, "abc", "26.08.1,dev,linux", "s1"};
  CHECK(encode_header(h) == R"({"v":11,"k":"abc","c":"26.08.1,dev,linux","s":"s1"})");
  SyncHeader d = decode_header(R"({"s":"x","c":"c","k":"","v":8})");
  CHECK(d.v == 8);
  CHECK(d.k.empty());
  CHECK(d.s == "x");
  CHECK_THROWS_AS(decode_header(R"({"v":11,"k":"","c":"c"})"), ProtocolError);    // missing s
  CHECK_THROWS_AS(decode_header(R"({"v":"11","k":"","c":"c","s":""})"), ProtocolError);
  CHECK_THROWS_AS(decode_header(R"({"v":11.5,"k":"","c":"c","s":""})"), ProtocolError);
  CHECK_THROWS_AS(decode_header("not json"), ProtocolError);
  CHECK_THROWS_AS(decode_header("[]"), ProtocolError);
}

TEST_CASE("zstd round trip, streamed frames, limits and garbage") {
  std::string big(1 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>('a' + i % 26);
  std::string z = zstd_compress(big);
  CHECK(zstd_decompress(z, big.size()) == big);
  CHECK_THROWS_AS(zstd_decompress(z, big.size() - 1), ProtocolError);
  CHECK(zstd_decompress(zstd_compress(""), 10).empty());

  // A streamed frame that does not record its content size, as Anki sends.
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string out(ZSTD_compressBound(big.size()) + 64, '\0');
  ZSTD_outBuffer ob{out.data(), out.size(), 0};
  ZSTD_inBuffer ib{big.data(), big.size(), 0};
  REQUIRE(!ZSTD_isError(ZSTD_compressStream2(cctx, &ob, &ib, ZSTD_e_continue)));
  size_t left;
  do left = ZSTD_compressStream2(cctx, &ob, &ib, ZSTD_e_end);
  while (left != 0);
  ZSTD_freeCCtx(cctx);
  out.resize(ob.pos);
  CHECK(ZSTD_getFrameContentSize(out.data(), out.size()) == ZSTD_CONTENTSIZE_UNKNOWN);
  CHECK(zstd_decompress(out, 3 * big.size()) == big);
  // Two frames back to back.
  CHECK(zstd_decompress(zstd_compress("ab") + zstd_compress("cd"), 10) == "abcd");

  CHECK_THROWS_AS(zstd_decompress("", 10), ProtocolError);
  CHECK_THROWS_AS(zstd_decompress("{\"v\":11}", 100), ProtocolError);
  CHECK_THROWS_AS(zstd_decompress(z.substr(0, z.size() / 2), big.size()), ProtocolError);
}

TEST_CASE("endpoints and method URLs (§1.1)") {
  CHECK(normalize_endpoint("http://h/anki") == "http://h/");
  CHECK(normalize_endpoint("http://h/anki/") == "http://h/anki/");
  CHECK(normalize_endpoint("http://h") == "http://h/");
  CHECK(normalize_endpoint("http://127.0.0.1:8080") == "http://127.0.0.1:8080/");
  CHECK(normalize_endpoint("HTTPS://Sync.AnkiWeb.net/") == "https://sync.ankiweb.net/");
  CHECK(normalize_endpoint("http://h/a/b?x=1#f") == "http://h/a/");
  CHECK_THROWS_AS(normalize_endpoint("ftp://h/"), ProtocolError);
  CHECK_THROWS_AS(normalize_endpoint("http://"), ProtocolError);
  CHECK(method_url("http://h:8080/", "sanityCheck2") == "http://h:8080/sync/sanityCheck2");
  CHECK(method_url("http://h/anki/", "meta") == "http://h/anki/sync/meta");
  CHECK(media_method_url("http://h/", "begin") == "http://h/msync/begin");
}

TEST_CASE("session keys are short base-62 strings") {
  std::string a = new_session_key(), b = new_session_key();
  CHECK(!a.empty());
  CHECK(a.size() <= 6);
  CHECK(a.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos);
  CHECK(a != b);  // 1 in 4 billion
}

TEST_CASE("hostKey, meta and start messages") {
  CHECK(json::serialize(to_json(HostKeyRequest{"user", "pass"})) == R"({"u":"user","p":"pass"})");
  CHECK(host_key_request_from_json(json::parse(R"({"u":"a","p":"b"})")).password == "b");
  CHECK_THROWS_AS(host_key_request_from_json(json::parse(R"({"u":"a"})")), ProtocolError);

  CHECK(json::serialize(to_json(MetaRequest{11, "anki,26.08.1 (dev),linux"})) ==
        R"({"v":11,"cv":"anki,26.08.1 (dev),linux"})");
  SyncMeta m = sync_meta_from_json(json::parse(
      R"({"mod":1732650000123,"scm":1732000000000,"usn":42,"ts":1732650001,"msg":"","cont":true,"hostNum":0,"empty":false,"media_usn":17})"));
  CHECK(m.mod == 1732650000123);
  CHECK(m.usn == 42);
  CHECK(m.media_usn == 17);
  CHECK(json::serialize(to_json(m)) ==
        R"({"mod":1732650000123,"scm":1732000000000,"usn":42,"ts":1732650001,"msg":"","cont":true,"hostNum":0,"empty":false,"media_usn":17})");
  SyncMeta t = sync_meta_from_json(json::parse(R"({"mod":0,"scm":1,"usn":0,"ts":5,"msg":"","cont":true,"hostNum":0})"));
  CHECK(!t.empty);
  CHECK(!t.media_usn);

  StartRequest s = start_request_from_json(json::parse(R"({"minUsn":3,"lnewer":true,"graves":null})"));
  CHECK(s.min_usn == 3);
  CHECK(s.lnewer);
  CHECK(!s.graves);
  CHECK(json::serialize(to_json(s)) == R"({"minUsn":3,"lnewer":true,"graves":null})");
  StartRequest legacy = start_request_from_json(json::parse(R"({"minUsn":0,"lnewer":false,"graves":{"cards":["12"],"notes":[1],"decks":[]}})"));
  REQUIRE(legacy.graves);
  CHECK(legacy.graves->cards == std::vector<int64_t>{12});
  CHECK_THROWS_AS(start_request_from_json(json::parse(R"({"minUsn":1.5,"lnewer":false})")), ProtocolError);
  CHECK_THROWS_AS(graves_from_json(json::parse(R"({"cards":["x"]})")), ProtocolError);
}

TEST_CASE("chunks: positional rows, floats only where allowed (§0.5)") {
  const char* text =
      R"({"done":true,"revlog":[[1,2,5,3,-60.0,1.9,2500,3000.5,1]],)"
      R"("cards":[[10,20,1,0,1700000000.0,5,2,2,100.7,3,2500,4,0,0,0,0,0,"{}"]],)"
      R"("notes":[[20,"g",30,1700000000,5," a b ","x\u001fy","","",0,""]]})";
  Chunk c = chunk_from_json(json::parse(text));
  CHECK(c.done);
  REQUIRE(c.size() == 3);
  CHECK(c.revlog[0].ivl == -60);
  CHECK(c.revlog[0].last_ivl == 1);
  CHECK(c.revlog[0].time == 3000);
  CHECK(c.cards[0].due == 100);
  CHECK(c.cards[0].data == "{}");
  CHECK(c.notes[0].tags == " a b ");
  CHECK(c.notes[0].flds == "x\x1fy");
  CHECK(json::serialize(to_json(c)) ==
        R"({"done":true,"revlog":[[1,2,5,3,-60,1,2500,3000,1]],"cards":[[10,20,1,0,1700000000,5,2,2,100,3,2500,4,0,0,0,0,0,"{}"]],"notes":[[20,"g",30,1700000000,5," a b ","x\u001fy","","",0,""]]})");
  CHECK(json::serialize(to_json(Chunk{})) == R"({"done":false})");
  CHECK(!chunk_from_json(json::parse("{}")).done);

  // A float in an integer-only column, a number in sfld/csum, or a wrong row length: 400.
  CHECK_THROWS_AS(chunk_from_json(json::parse(R"({"revlog":[[1,2,5,3.0,1,1,2500,3000,1]]})")), ProtocolError);
  CHECK_THROWS_AS(chunk_from_json(json::parse(R"({"cards":[[10,20,1,0.0,1,5,2,2,100,3,2500,4,0,0,0,0,0,""]]})")), ProtocolError);
  CHECK_THROWS_AS(chunk_from_json(json::parse(R"({"notes":[[20,"g",30,1,5,"","x",0,"",0,""]]})")), ProtocolError);
  CHECK_THROWS_AS(chunk_from_json(json::parse(R"({"notes":[[20,"g",30,1,5,"","x","",123,0,""]]})")), ProtocolError);
  CHECK_THROWS_AS(chunk_from_json(json::parse(R"({"notes":[[20,"g",30,1,5,"","x","","",0]]})")), ProtocolError);
  CHECK_THROWS_AS(chunk_from_json(json::parse(R"({"cards":[[10,20,1,0,1,5,2,2,100,3,2500,4,0,0,0,0,0,"",1]]})")), ProtocolError);
  CHECK_THROWS_AS(chunk_from_json(json::parse(R"({"notes":[[20,"g",30,1.5,5,"","x","","",0,""]]})")), ProtocolError);
  CHECK_THROWS_AS(chunk_from_json(json::parse(R"({"cards":[[10,20,1,0,1,2147483648,2,2,100,3,2500,4,0,0,0,0,0,""]]})")), ProtocolError);
}

TEST_CASE("applyChanges payload") {
  UnchunkedChanges c = unchunked_changes_from_json(json::parse(
      R"({"models":[{"id":1}],"decks":[[{"id":2}],[{"id":3}]],"tags":["t"],"conf":{"k":[1]},"crt":1700000000})"));
  CHECK(c.notetypes.size() == 1);
  CHECK(c.decks.size() == 1);
  CHECK(c.deck_configs.size() == 1);
  CHECK(c.tags == std::vector<std::string>{"t"});
  REQUIRE(c.config);
  CHECK(c.crt == 1700000000);
  CHECK(json::serialize(to_json(c)) ==
        R"({"models":[{"id":1}],"decks":[[{"id":2}],[{"id":3}]],"tags":["t"],"conf":{"k":[1]},"crt":1700000000})");
  UnchunkedChanges none = unchunked_changes_from_json(json::parse(R"({"models":[],"decks":[[],[]],"tags":[]})"));
  CHECK(!none.config);
  CHECK(json::serialize(to_json(none)) == R"({"models":[],"decks":[[],[]],"tags":[]})");
  CHECK_THROWS_AS(unchunked_changes_from_json(json::parse(R"({"models":[],"decks":[[]],"tags":[]})")), ProtocolError);
  CHECK_THROWS_AS(unchunked_changes_from_json(json::parse(R"({"models":[1],"decks":[[],[]],"tags":[]})")), ProtocolError);
  CHECK_THROWS_AS(unchunked_changes_from_json(json::parse(R"({"models":[],"decks":[[],[]],"tags":[1]})")), ProtocolError);
}

TEST_CASE("sanity counts and answer") {
  SanityCounts c = sanity_counts_from_json(json::parse("[[0,0,0],120,100,900,0,5,3,1]"));
  CHECK(c.cards == 120);
  CHECK(c.deck_configs == 1);
  CHECK(json::serialize(to_json(c)) == "[[0,0,0],120,100,900,0,5,3,1]");
  SanityCounts other = c;
  other.graves = 9;
  other.due_new = 4;
  CHECK(c.matches(other));
  other.revlog = 1;
  CHECK(!c.matches(other));
  CHECK_THROWS_AS(sanity_counts_from_json(json::parse("[[0,0],1,1,1,0,1,1,1]")), ProtocolError);
  CHECK_THROWS_AS(sanity_counts_from_json(json::parse("[[0,0,0],1,1,1,0,1,1]")), ProtocolError);

  SanityCheckResponse bad = sanity_check_response_from_json(json::parse(R"({"status":"bad","c":[[0,0,0],1,1,1,0,1,1,1],"s":null})"));
  CHECK(!bad.ok);
  CHECK(bad.client);
  CHECK(!bad.server);
  CHECK(json::serialize(to_json(SanityCheckResponse{})) == R"({"status":"ok","c":null,"s":null})");
  CHECK_THROWS_AS(sanity_check_response_from_json(json::parse(R"({"status":"meh"})")), ProtocolError);
}

TEST_CASE("request envelopes") {
  json::value body = parse_json_payload(R"({"chunk":{"done":true}})");
  CHECK(chunk_from_json(request_field(body, "chunk")).done);
  CHECK_THROWS_AS(request_field(body, "client"), ProtocolError);
  CHECK_THROWS_AS(request_field(json::value(nullptr), "chunk"), ProtocolError);
  CHECK_THROWS_AS(parse_json_payload("{"), ProtocolError);
}
