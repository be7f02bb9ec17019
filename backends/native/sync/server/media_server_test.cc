// The sync server's media methods (sync-protocol.md §6, §0.7, §9) on a free loopback port, driven with
// raw HTTP (libcurl) and zstd, the zips built by hand from §6.4 (not with the client): begin, uploads
// (unicode names, replacement, deletion, identical files), mediaChanges paging, downloadFiles with its
// 2.5 MiB cut-off and limits, 409s, mediaSanity, and bad zips refused with nothing stored.
#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backends/native/media/media_folder.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/sync/protocol/wire.h"
#include "backends/native/sync/server/sync_server.h"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace ankc::native;
using namespace ankc::native::sync;

namespace {

constexpr const char* kKey = "b2619aa1529dfdc4248e6edbf3c1b2a2b014cf6d";  // sha1("user:pass"), §2

struct Scratch {
  fs::path path;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "ankc-media-server-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

struct MediaServer {
  Scratch dir;
  std::unique_ptr<SyncServer> server;
  explicit MediaServer(size_t max_payload_mib = 100) {
    SyncServerOptions options;
    options.base = dir.path / "base";
    options.users = {{"user", "pass"}};
    options.max_payload_mib = max_payload_mib;
    server = std::make_unique<SyncServer>(options);
    server->start();
    REQUIRE(server->port() != 0);
  }
  fs::path account() const { return dir.path / "base" / "user"; }
  fs::path media() const { return account() / "media"; }
};

struct Reply {
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

// POST msync/<method> with a zstd payload and a v11 header.
Reply post(const MediaServer& s, const std::string& method, const std::string& payload) {
  CURL* curl = curl_easy_init();
  REQUIRE(curl);
  Reply r;
  std::string url = "http://127.0.0.1:" + std::to_string(s.server->port()) + "/msync/" + method;
  std::string body = zstd_compress(payload);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(
      headers, (std::string(R"(anki-sync: {"v":11,"k":")") + kKey + R"(","c":"26.08.1,test,linux","s":"m1"})").c_str());
  headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
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

// A 2xx answer's payload, checking the framing of §1.3.
std::string payload_of(const Reply& r) {
  REQUIRE(r.status == 200);
  REQUIRE(r.original_size);
  std::string payload = zstd_decompress(r.body, 1u << 30);
  CHECK(payload.size() == *r.original_size);
  return payload;
}

// A wrapped media answer's data (§6.1), checking the envelope.
json::value data_of(const Reply& r) {
  json::value v = json::parse(payload_of(r));
  REQUIRE(v.is_object());
  CHECK(v.as_object().size() == 2);
  CHECK(v.at("err").as_string() == "");
  return v.at("data");
}

json::value call(const MediaServer& s, const std::string& method, const std::string& payload) {
  return data_of(post(s, method, payload));
}

// An uploadChanges zip (§6.4): entries (name, content) or (name, nullopt) for a deletion; members are
// numbered by the entry's position, deletions counted.
using Change = std::pair<std::string, std::optional<std::string>>;
std::string upload_zip(const std::vector<Change>& changes, bool deflate = false) {
  packages::ZipWriter w;
  json::array meta;
  for (size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].second) {
      w.add(std::to_string(i), *changes[i].second, deflate);
      meta.push_back(json::array{json::string(changes[i].first), json::string(std::to_string(i))});
    } else {
      meta.push_back(json::array{json::string(changes[i].first), nullptr});
    }
  }
  w.add("_meta", json::serialize(meta), false);
  return w.close_to_bytes();
}

// uploadChanges; returns [processed, usn].
std::pair<int64_t, int64_t> upload(const MediaServer& s, const std::vector<Change>& changes) {
  json::value d = call(s, "uploadChanges", upload_zip(changes));
  REQUIRE(d.as_array().size() == 2);
  return {d.at(0).as_int64(), d.at(1).as_int64()};
}

struct Entry {
  std::string fname;
  int64_t usn;
  std::string sha1;
};
std::vector<Entry> changes(const MediaServer& s, int64_t last_usn) {
  json::value d = call(s, "mediaChanges", R"({"lastUsn":)" + std::to_string(last_usn) + "}");
  std::vector<Entry> out;
  for (const json::value& e : d.as_array()) {
    REQUIRE(e.as_array().size() == 3);
    out.push_back({std::string(e.at(0).as_string()), e.at(1).as_int64(), std::string(e.at(2).as_string())});
  }
  return out;
}

// downloadFiles: the unwrapped zip read back as (name, content) in member order.
std::vector<std::pair<std::string, std::string>> download(const MediaServer& s, const std::vector<std::string>& names) {
  json::array files;
  for (const auto& n : names) files.push_back(json::string(n));
  std::string zip = payload_of(post(s, "downloadFiles", json::serialize(json::object{{"files", files}})));
  auto reader = packages::ZipReader::from_bytes(zip);
  json::value meta = json::parse(*reader->read("_meta"));
  REQUIRE(meta.is_object());
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < meta.as_object().size(); ++i) {
    std::string member = std::to_string(i);
    REQUIRE(meta.as_object().contains(member));
    auto data = reader->read(member);
    REQUIRE(data);
    out.emplace_back(std::string(meta.at(member).as_string()), *data);
  }
  return out;
}

int64_t media_usn_from_meta(const MediaServer& s) {
  // meta is a collection method: same header, path sync/meta.
  CURL* curl = curl_easy_init();
  REQUIRE(curl);
  std::string url = "http://127.0.0.1:" + std::to_string(s.server->port()) + "/sync/meta";
  std::string body = zstd_compress(R"({"v":11,"cv":"anki,26.08.1 (test),linux"})");
  std::string out;
  curl_slist* headers = curl_slist_append(
      nullptr, (std::string(R"(anki-sync: {"v":11,"k":")") + kKey + R"(","c":"26.08.1,test,linux","s":"m1"})").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
  REQUIRE(curl_easy_perform(curl) == CURLE_OK);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  REQUIRE(status == 200);
  return json::parse(zstd_decompress(out, 1u << 20)).at("media_usn").as_int64();
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// n bytes that zstd and deflate cannot shrink much (so sizes on the wire stay real).
std::string noise(size_t n, uint32_t seed) {
  std::string out(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (char& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return out;
}

size_t files_in(const fs::path& folder) {
  size_t n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); ++it) ++n;
  return n;
}

const std::string kUnicodeName = "\xc3\xbc\xc3\xb1\xc3\xaf \xe6\x97\xa5\xe6\x9c\xac.png";  // "üñï 日本.png", NFC

}  // namespace

TEST_CASE("media: begin, uploads with a unicode name, a replacement, a deletion, then changes and sanity") {
  MediaServer s;
  json::value b = call(s, "begin", R"({"v":"anki,26.08.1 (test),linux"})");
  CHECK(b.at("usn").as_int64() == 0);
  CHECK(b.at("sk").as_string() == kKey);
  CHECK(media_usn_from_meta(s) == 0);
  CHECK(changes(s, 0).empty());
  CHECK(call(s, "mediaSanity", R"({"local":0})").as_string() == "OK");

  // Three additions.
  CHECK(upload(s, {{"a.jpg", "first a"}, {kUnicodeName, "unicode"}, {"b.txt", "bee"}}) == std::pair<int64_t, int64_t>{3, 3});
  CHECK(read_file(s.media() / "a.jpg") == "first a");
  CHECK(read_file(s.media() / kUnicodeName) == "unicode");
  CHECK(read_file(s.media() / "b.txt") == "bee");
  std::vector<Entry> c = changes(s, 0);
  REQUIRE(c.size() == 3);
  CHECK(c[0].fname == "a.jpg");
  CHECK(c[0].usn == 1);
  CHECK(c[0].sha1 == media::sha1_hex("first a"));
  CHECK(c[1].fname == kUnicodeName);
  CHECK(c[1].usn == 2);
  CHECK(c[2].fname == "b.txt");
  CHECK(c[2].usn == 3);
  CHECK(c[2].sha1 == media::sha1_hex("bee"));

  // A replacement (new usn), an identical file and a deletion of an absent name (processed, no usn),
  // a deletion (new usn); the deletion's index counts in the numbering of members.
  CHECK(upload(s, {{"a.jpg", "second a"}, {"b.txt", "bee"}, {"never.txt", std::nullopt}, {kUnicodeName, std::nullopt}}) ==
        std::pair<int64_t, int64_t>{4, 5});
  CHECK(read_file(s.media() / "a.jpg") == "second a");
  CHECK_FALSE(fs::exists(s.media() / kUnicodeName));
  c = changes(s, 3);
  REQUIRE(c.size() == 2);
  CHECK(c[0].fname == "a.jpg");
  CHECK(c[0].usn == 4);
  CHECK(c[0].sha1 == media::sha1_hex("second a"));
  CHECK(c[1].fname == kUnicodeName);
  CHECK(c[1].usn == 5);
  CHECK(c[1].sha1 == "");
  CHECK(changes(s, 5).empty());
  CHECK(media_usn_from_meta(s) == 5);
  CHECK(call(s, "begin", R"({"v":"x"})").at("usn").as_int64() == 5);

  // Deleting it again changes nothing; "" marks a deletion as null does (old AnkiDroid).
  {
    packages::ZipWriter w;
    w.add("_meta", R"([["b.txt",""]])", false);
    CHECK(call(s, "uploadChanges", w.close_to_bytes()) == json::parse("[1,6]"));
  }
  CHECK(upload(s, {{kUnicodeName, std::nullopt}}) == std::pair<int64_t, int64_t>{1, 6});
  CHECK_FALSE(fs::exists(s.media() / "b.txt"));
  // A deleted name comes back with new content.
  CHECK(upload(s, {{kUnicodeName, "again"}}) == std::pair<int64_t, int64_t>{1, 7});
  CHECK(read_file(s.media() / kUnicodeName) == "again");

  // Two files are left: a.jpg and the unicode one.
  CHECK(call(s, "mediaSanity", R"({"local":2})").as_string() == "OK");
  CHECK(call(s, "mediaSanity", R"({"local":3})").as_string() == "mediaSanity");
  CHECK(call(s, "mediaSanity", R"({"local":0})").as_string() == "mediaSanity");
  auto got = download(s, {kUnicodeName, "a.jpg"});
  REQUIRE(got.size() == 2);
  CHECK(got[0] == std::pair<std::string, std::string>{kUnicodeName, "again"});
  CHECK(got[1] == std::pair<std::string, std::string>{"a.jpg", "second a"});
  CHECK(fs::exists(s.account() / "media.db"));
}

TEST_CASE("media: mediaChanges pages 1000 entries at a time, usn ascending") {
  MediaServer s;
  const int kFiles = 1010;
  for (int start = 0; start < kFiles; start += 25) {
    std::vector<Change> batch;
    for (int i = start; i < std::min(kFiles, start + 25); ++i) batch.push_back({"f" + std::to_string(i) + ".txt", "file " + std::to_string(i)});
    REQUIRE(upload(s, batch).second == std::min(kFiles, start + 25));
  }
  std::vector<Entry> first = changes(s, 0);
  REQUIRE(first.size() == 1000);
  for (size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].usn == static_cast<int64_t>(i) + 1);
    CHECK(first[i].fname == "f" + std::to_string(i) + ".txt");
  }
  std::vector<Entry> rest = changes(s, first.back().usn);
  REQUIRE(rest.size() == 10);
  CHECK(rest.front().usn == 1001);
  CHECK(rest.back().usn == 1010);
  CHECK(rest.back().sha1 == media::sha1_hex("file 1009"));
  CHECK(changes(s, 1010).empty());
  CHECK(changes(s, 995).size() == 15);
  CHECK(call(s, "mediaSanity", R"({"local":1010})").as_string() == "OK");
}

TEST_CASE("media: downloadFiles stops past 2.5 MiB, takes at most 25 names, 409 for a missing one") {
  MediaServer s;
  const size_t kMiB = 1u << 20;
  std::vector<Change> big;
  for (int i = 0; i < 4; ++i) big.push_back({"big" + std::to_string(i) + ".bin", noise(kMiB, i + 1)});
  REQUIRE(upload(s, big) == std::pair<int64_t, int64_t>{4, 4});
  std::vector<Change> small;
  for (int i = 0; i < 25; ++i) small.push_back({"s" + std::to_string(i), "small " + std::to_string(i)});
  REQUIRE(upload(s, small).second == 29);

  // 1 + 1 MiB is under the target, the third file passes it: three come back.
  auto got = download(s, {"big0.bin", "big1.bin", "big2.bin", "big3.bin"});
  REQUIRE(got.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(got[i].first == "big" + std::to_string(i) + ".bin");
    CHECK(got[i].second == noise(kMiB, i + 1));
  }
  // Small files all fit: 25 names, 25 files; the zip's size is announced as anki-original-size.
  std::vector<std::string> names;
  for (int i = 0; i < 25; ++i) names.push_back("s" + std::to_string(i));
  got = download(s, names);
  REQUIRE(got.size() == 25);
  CHECK(got[24] == std::pair<std::string, std::string>{"s24", "small 24"});
  // 26 names: 400.
  names.push_back("big0.bin");
  json::array files;
  for (const auto& n : names) files.push_back(json::string(n));
  Reply too_many = post(s, "downloadFiles", json::serialize(json::object{{"files", files}}));
  CHECK(too_many.status == 400);
  CHECK(too_many.body == "400");

  // A name with no entry, or a deleted entry: 409, nothing changes.
  CHECK(post(s, "downloadFiles", R"({"files":["s0","nope.png"]})").status == 409);
  REQUIRE(upload(s, {{"s1", std::nullopt}}).second == 30);
  CHECK(post(s, "downloadFiles", R"({"files":["s1"]})").status == 409);
  CHECK(post(s, "downloadFiles", R"({"files":["../collection.anki2"]})").status == 409);
  CHECK(changes(s, 30).empty());
  CHECK(call(s, "mediaSanity", R"({"local":28})").as_string() == "OK");

  // §0.7: an entry whose file has gone from disk is forgotten (no deletion recorded), then 409.
  fs::remove(s.media() / "s2");
  CHECK(post(s, "downloadFiles", R"({"files":["s2"]})").status == 409);
  CHECK(call(s, "begin", R"({"v":"x"})").at("usn").as_int64() == 30);
  CHECK(changes(s, 29).size() == 1);  // only s1's deletion
  CHECK(call(s, "mediaSanity", R"({"local":27})").as_string() == "OK");
  // Re-uploading it records it again.
  CHECK(upload(s, {{"s2", "small 2"}}) == std::pair<int64_t, int64_t>{1, 31});
  CHECK(download(s, {"s2"}).at(0).second == "small 2");
  // An identical upload whose file went missing on disk is rewritten without a new usn.
  fs::remove(s.media() / "s3");
  CHECK(upload(s, {{"s3", "small 3"}}) == std::pair<int64_t, int64_t>{1, 31});
  CHECK(read_file(s.media() / "s3") == "small 3");
}

TEST_CASE("media: bad upload zips get 400 and store nothing") {
  MediaServer s(1);  // 1 MiB bodies: the zip may decompress to 3 MiB in all
  CHECK(call(s, "begin", R"({"v":"x"})").at("usn").as_int64() == 0);
  auto refused = [&](const std::string& zip) {
    Reply r = post(s, "uploadChanges", zip);
    CHECK(r.status == 400);
    CHECK(r.body == "400");
    CHECK_FALSE(r.original_size);
  };
  SECTION("a path in a name") { refused(upload_zip({{"ok.txt", "fine"}, {"../evil.txt", "evil"}})); }
  SECTION("a separator in a name") { refused(upload_zip({{"ok.txt", "fine"}, {"sub/evil.txt", "evil"}})); }
  SECTION("a backslash in a name") { refused(upload_zip({{"sub\\evil.txt", "evil"}})); }
  SECTION("dot names") { refused(upload_zip({{"..", "evil"}})); }
  SECTION("an empty name") { refused(upload_zip({{"", "evil"}})); }
  SECTION("a name that is not NFC") { refused(upload_zip({{"u\xcc\x88.png", "decomposed"}})); }
  SECTION("a name over 255 bytes") { refused(upload_zip({{std::string(252, 'n') + ".png", "long"}})); }
  SECTION("more than 25 entries") {
    std::vector<Change> many;
    for (int i = 0; i < 26; ++i) many.push_back({"m" + std::to_string(i), "x"});
    refused(upload_zip(many));
  }
  SECTION("an empty file") { refused(upload_zip({{"ok.txt", "fine"}, {"empty.txt", ""}})); }
  SECTION("a member named in _meta but absent") {
    packages::ZipWriter w;
    w.add("0", "fine", false);
    w.add("_meta", R"([["ok.txt","0"],["gone.txt","1"]])", false);
    refused(w.close_to_bytes());
  }
  SECTION("no _meta, or a _meta of the download shape") {
    packages::ZipWriter w;
    w.add("0", "fine", false);
    refused(w.close_to_bytes());
    packages::ZipWriter w2;
    w2.add("0", "fine", false);
    w2.add("_meta", R"({"0":"ok.txt"})", false);
    refused(w2.close_to_bytes());
  }
  SECTION("not a zip") { refused("this is not a zip file"); }
  SECTION("a zip bomb: members decompressing past the limit") {
    // Four deflated members of 1 MiB of zeros: a few KiB on the wire, 4 MiB out, over the 3 MiB cap.
    std::vector<Change> bomb;
    for (int i = 0; i < 4; ++i) bomb.push_back({"z" + std::to_string(i), std::string(1u << 20, '\0')});
    std::string zip = upload_zip(bomb, true);
    CHECK(zip.size() < 64 * 1024);
    refused(zip);
  }
  // Nothing stored, whatever the section.
  CHECK(changes(s, 0).empty());
  CHECK(call(s, "begin", R"({"v":"x"})").at("usn").as_int64() == 0);
  CHECK(files_in(s.media()) == 0);
  CHECK_FALSE(fs::exists(s.account() / "media.tmp"));
  CHECK_FALSE(fs::exists(s.account() / "evil.txt"));
  CHECK_FALSE(fs::exists(s.media() / "ok.txt"));
}

TEST_CASE("media: a member over 100 MiB is refused however well it compresses") {
  MediaServer s;
  std::string zip = upload_zip({{"huge.bin", std::string((100u << 20) + 1, '\0')}}, true);
  CHECK(zip.size() < (1u << 20));
  CHECK(post(s, "uploadChanges", zip).status == 400);
  CHECK(changes(s, 0).empty());
  CHECK(files_in(s.media()) == 0);
}

TEST_CASE("media: malformed requests and unknown methods") {
  MediaServer s;
  CHECK(post(s, "mediaChanges", R"({"lastUsn":"0"})").status == 400);
  CHECK(post(s, "mediaChanges", "not json").status == 400);
  CHECK(post(s, "mediaSanity", R"({})").status == 400);
  CHECK(post(s, "downloadFiles", R"({"files":"a"})").status == 400);
  CHECK(post(s, "begin", R"({})").status == 400);
  CHECK(post(s, "hostKey", R"({"u":"user","p":"pass"})").status == 404);
  CHECK(post(s, "nothing", R"({})").status == 404);
}
