// The media actions on a real folder in a temp dir: store (base64, path, url from a local HTTP server),
// retrieve, list, delete, dir path, the media database rows, and names that try to leave the folder.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "backends/action_error.h"
#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/media/base64.h"
#include "backends/native/media/fetch.h"
#include "backends/native/media/media_folder.h"
#include "backends/native/media/service.h"
#include "backends/native/session.h"
#include "compat/pyjson.h"

namespace fs = std::filesystem;
using namespace ankc::native;

namespace {

struct Env {
  fs::path dir;
  FixedClock clock{TimestampMillis{1767323045678}, 0};
  SeededRandom random{1};
  std::unique_ptr<Session> session;
  Env() {
    dir = fs::temp_directory_path() / ("ankc_media_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::remove_all(dir);
    fs::create_directories(dir / "collection.media");
    session = std::make_unique<Session>(dir / "collection.anki2", dir / "collection.media", clock, random);
  }
  ~Env() { fs::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  // Calls an action; returns the reply's result bytes or "ERR: <text>".
  std::string call(const std::string& action, const std::string& params) {
    for (const auto& a : media_actions()) {
      if (a.name != action) continue;
      try {
        return ankc::pyjson::dumps(a.handler(*session, boost::json::parse(params).as_object()));
      } catch (const ankc::ActionError& e) {
        return std::string("ERR: ") + e.what();
      }
    }
    return "no such action";
  }
  std::string sql(const std::string& q) {
    sqlite3* db = nullptr;
    sqlite3_open((dir / "collection.media.db2").c_str(), &db);
    std::string out;
    sqlite3_exec(db, q.c_str(), [](void* o, int n, char** v, char**) {
      auto* s = static_cast<std::string*>(o);
      if (!s->empty()) s->push_back('\n');
      for (int i = 0; i < n; ++i) *s += (i ? "|" : "") + std::string(v[i] ? v[i] : "NULL");
      return 0;
    }, &out, nullptr);
    sqlite3_close(db);
    return out;
  }
};

// A one-thread HTTP/1.0 server on 127.0.0.1: "/ok" answers 200 with body, "/to/<url>" redirects (302)
// to <url>, anything else 404.
struct TinyServer {
  int fd = -1;
  int port = 0;
  std::string body;
  std::thread thread;
  std::atomic<bool> stop{false};
  explicit TinyServer(std::string b) : body(std::move(b)) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    ::listen(fd, 8);
    thread = std::thread([this] {
      while (!stop) {
        int c = ::accept(fd, nullptr, nullptr);
        if (c < 0) return;
        std::string req;
        char buf[4096];
        while (req.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = ::read(c, buf, sizeof buf);
          if (n <= 0) break;
          req.append(buf, size_t(n));
        }
        bool ok = req.rfind("GET /ok ", 0) == 0;
        std::string resp = ok ? "HTTP/1.0 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body
                              : std::string("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        if (req.rfind("GET /to/", 0) == 0) {
          std::string to = req.substr(8, req.find(' ', 8) - 8);
          resp = "HTTP/1.0 302 Found\r\nLocation: " + to + "\r\nContent-Length: 0\r\n\r\n";
        }
        ::write(c, resp.data(), resp.size());
        ::close(c);
      }
    });
  }
  ~TinyServer() {
    stop = true;
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
    thread.join();
  }
};

}  // namespace

TEST_CASE("storeMediaFile: spec example, then retrieve, list and delete") {
  Env env;
  CHECK(env.call("storeMediaFile", R"({"filename": "_hello.txt", "data": "SGVsbG8sIHdvcmxkIQ=="})") == "\"_hello.txt\"");
  CHECK(env.call("retrieveMediaFile", R"({"filename": "_hello.txt"})") == "\"SGVsbG8sIHdvcmxkIQ==\"");
  CHECK(env.call("retrieveMediaFile", R"({"filename": "missing.txt"})") == "false");
  CHECK(env.call("getMediaFilesNames", R"({"pattern": "_hell*"})") == "[\"_hello.txt\"]");
  CHECK(env.call("getMediaFilesNames", R"({"pattern": "*.jpg"})") == "[]");
  CHECK(env.sql("select fname, csum, dirty from media") == "_hello.txt|943a702d06f34599aee1f8da8ef9f7296031d699|1");
  CHECK(env.call("deleteMediaFile", R"({"filename": "_hello.txt"})") == "null");
  CHECK(env.call("retrieveMediaFile", R"({"filename": "_hello.txt"})") == "false");
  CHECK(fs::exists(env.dir / "media.trash" / "_hello.txt"));
  CHECK(env.sql("select fname, csum, mtime, dirty from media") == "_hello.txt|NULL|0|1");
  CHECK(env.call("deleteMediaFile", R"({"filename": "_hello.txt"})") == "null");
  CHECK(env.call("getMediaDirPath", "{}") == ankc::pyjson::dumps(boost::json::value((env.dir / "collection.media").string())));
}

TEST_CASE("storeMediaFile: errors, skipHash, deleteExisting and name collisions") {
  Env env;
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt"})") == "ERR: You must provide a \"data\", \"path\", or \"url\" field.");
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": ""})") == "ERR: You must provide a \"data\", \"path\", or \"url\" field.");
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "SGVsbG8"})") == "ERR: Incorrect padding");
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "Q"})") ==
        "ERR: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4");
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "path": "/nonexistent/x.bin"})") ==
        "ERR: [Errno 2] No such file or directory: '/nonexistent/x.bin'");
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "SGVsbG8sIHdvcmxkIQ==", "skipHash": "6cd3556deb0da54bca060b4c39479839"})") == "null");
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "SGVsbG8sIHdvcmxkIQ==", "skipHash": "6CD3556DEB0DA54BCA060B4C39479839"})") == "\"a.txt\"");
  // Different content, deleteExisting false: hash-suffixed name; same content: same name.
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "SGVsbG8sIHdvcmxkIQ==", "deleteExisting": false})") == "\"a.txt\"");
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "aGVsbG8=", "deleteExisting": false})") ==
        "\"a-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d.txt\"");
  // Default deleteExisting: the old file goes to the trash and the name is reused.
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "aGVsbG8="})") == "\"a.txt\"");
  CHECK(env.call("retrieveMediaFile", R"({"filename": "a.txt"})") == "\"aGVsbG8=\"");
  // Normalisation and basename.
  CHECK(env.call("storeMediaFile", R"({"filename": "dir/con.jpg", "data": "aGVsbG8="})") == "\"con_.jpg\"");
  CHECK(env.call("storeMediaFile", R"({"filename": "we:ird?.mp3", "data": "aGVsbG8="})") == "\"weird.mp3\"");
}

TEST_CASE("names that would leave the media folder are refused") {
  Env env;
  std::ofstream(env.dir / "secret.txt") << "top secret";
  CHECK(env.call("storeMediaFile", R"({"filename": "../escape.txt", "data": "aGVsbG8="})") == "\"escape.txt\"");
  CHECK_FALSE(fs::exists(env.dir / "escape.txt"));
  CHECK(fs::exists(env.dir / "collection.media" / "escape.txt"));
  CHECK(env.call("storeMediaFile", R"({"filename": "..", "data": "aGVsbG8="})") == "\".._\"");
  CHECK(env.call("storeMediaFile", R"({"filename": "/", "data": "aGVsbG8="})") == "ERR: invalid media file name: /");
  CHECK(env.call("retrieveMediaFile", R"({"filename": "../secret.txt"})") == "false");
  CHECK(env.call("deleteMediaFile", R"({"filename": "../secret.txt"})") == "null");
  CHECK(fs::exists(env.dir / "secret.txt"));
  CHECK(env.call("deleteMediaFile", R"({"filename": "/etc/hostname"})") == "null");
  CHECK(env.call("getMediaFilesNames", R"({"pattern": "../*"})") == "[]");
  CHECK(env.call("getMediaFilesNames", R"({"pattern": "/*"})") == "[]");
  std::ofstream(env.dir / "collection.media" / ".hidden") << "x";
  CHECK(env.call("getMediaFilesNames", R"({"pattern": "*"})") == "[\"escape.txt\"]");
  CHECK(env.call("getMediaFilesNames", R"({"pattern": ".h*"})") == "[\".hidden\"]");
}

TEST_CASE("storeMediaFile from a path and from a url") {
  Env env;
  std::ofstream(env.dir / "src.bin", std::ios::binary) << "binary\x01payload";
  CHECK(env.call("storeMediaFile", R"({"filename": "p.bin", "path": ")" + (env.dir / "src.bin").string() + "\"}") == "\"p.bin\"");
  CHECK(env.call("retrieveMediaFile", R"({"filename": "p.bin"})") == "\"YmluYXJ5AXBheWxvYWQ=\"");

  TinyServer server("downloaded bytes");
  std::string base = "http://127.0.0.1:" + std::to_string(server.port);
  CHECK(env.call("storeMediaFile", R"({"filename": "u.txt", "url": ")" + base + "/ok\"}") == "\"u.txt\"");
  CHECK(env.call("retrieveMediaFile", R"({"filename": "u.txt"})") == "\"ZG93bmxvYWRlZCBieXRlcw==\"");
  CHECK(env.call("storeMediaFile", R"({"filename": "u.txt", "url": ")" + base + "/missing\"}") ==
        "ERR: " + base + "/missing download failed with return code 404");

  SECTION("policy narrows sources") {
    media::FetchPolicy policy;
    policy.allow_paths = false;
    policy.url_hosts = {"example.org"};
    policy.max_bytes = 4;
    media::set_fetch_policy(policy);
    CHECK(env.call("storeMediaFile", R"({"filename": "p.bin", "path": "/etc/hostname"})") ==
          "ERR: reading media from a path is disabled on this server: /etc/hostname");
    CHECK(env.call("storeMediaFile", R"({"filename": "u.txt", "url": ")" + base + "/ok\"}") ==
          "ERR: downloading media from this host is not allowed: 127.0.0.1");
    CHECK(env.call("storeMediaFile", R"({"filename": "big.txt", "data": "aGVsbG8="})") ==
          "ERR: media file is larger than the allowed 4 bytes");
    CHECK(env.call("storeMediaFile", R"({"filename": "f.txt", "url": "file:///etc/hostname"})") ==
          "ERR: No connection adapters were found for 'file:///etc/hostname'");
    media::set_fetch_policy(media::FetchPolicy{});
  }
}

TEST_CASE("url redirects are checked against schemes and hosts at every hop") {
  Env env;
  TinyServer server("redirected bytes");
  std::string port = std::to_string(server.port);
  std::string by_ip = "http://127.0.0.1:" + port, by_name = "http://localhost:" + port;
  auto store = [&](const std::string& url) {
    return env.call("storeMediaFile", R"({"filename": "r.txt", "url": ")" + url + "\"}");
  };
  // Without a host list, redirects are followed as requests follows them.
  CHECK(store(by_ip + "/to/" + by_name + "/ok") == "\"r.txt\"");
  CHECK(store(by_ip + "/to/" + by_ip + "/to/" + by_ip + "/ok") == "\"r.txt\"");
  CHECK(store(by_ip + "/to/" + by_ip + "/to/" + by_ip + "/nothing") ==
        "ERR: " + by_ip + "/to/" + by_ip + "/to/" + by_ip + "/nothing download failed with return code 404");

  media::FetchPolicy policy;
  policy.url_hosts = {"127.0.0.1"};
  media::set_fetch_policy(policy);
  SECTION("a redirect to another host is refused") {
    CHECK(store(by_ip + "/to/" + by_name + "/ok") == "ERR: downloading media from this host is not allowed: localhost");
    // ... however many allowed hops come first.
    CHECK(store(by_ip + "/to/" + by_ip + "/to/" + by_name + "/ok") ==
          "ERR: downloading media from this host is not allowed: localhost");
    CHECK(store(by_ip + "/to/" + by_ip + "/ok") == "\"r.txt\"");
  }
  SECTION("a redirect to another scheme is refused") {
    CHECK(store(by_ip + "/to/file:///etc/hostname") == "ERR: No connection adapters were found for 'file:///etc/hostname'");
  }
  SECTION("redirect loops end") {
    std::string loop = by_ip;
    for (int i = 0; i < 31; ++i) loop += "/to/" + by_ip;
    CHECK(store(loop + "/ok") == "ERR: Exceeded 30 redirects.");
  }
  media::set_fetch_policy(media::FetchPolicy{});
}

TEST_CASE("storeMediaFile over an existing name: trash copy, atomic replace, no temporaries") {
  Env env;
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "b2xk"})") == "\"a.txt\"");  // "old"
  CHECK(env.call("storeMediaFile", R"({"filename": "a.txt", "data": "bmV3"})") == "\"a.txt\"");  // "new"
  auto read = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  CHECK(read(env.dir / "collection.media" / "a.txt") == "new");
  CHECK(read(env.dir / "media.trash" / "a.txt") == "old");
  CHECK(env.sql("select fname, csum, dirty from media") == "a.txt|" + media::sha1_hex("new") + "|1");
  // Without deleteExisting the old file stays and the new bytes get a hash-suffixed name.
  std::string other = env.call("storeMediaFile", R"({"filename": "a.txt", "data": "b3RoZXI=", "deleteExisting": false})");
  CHECK(other.rfind("\"a-", 0) == 0);
  CHECK(read(env.dir / "collection.media" / "a.txt") == "new");
  for (const auto& e : fs::directory_iterator(env.dir / "collection.media"))
    CHECK(e.path().filename().string().rfind(".ankc-media-", 0) != 0);

  // Killed at any moment while replacing, the name holds the whole old or the whole new file.
  const std::string a(3 << 20, 'a'), b(3 << 20, 'b');
  CHECK(env.call("storeMediaFile", R"({"filename": "big.bin", "data": ")" + media::b64encode(a) + "\"}") == "\"big.bin\"");
  fs::path big = env.dir / "collection.media" / "big.bin";
  for (int round = 0; round < 12; ++round) {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      media::MediaFolder folder(env.dir / "collection.media");
      for (int i = 0;; ++i) folder.replace_file("big.bin", i % 2 ? a : b);
    }
    ::usleep(useconds_t(5000 + 7919 * round % 40000));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    std::string now = read(big);
    CHECK((now == a || now == b));
  }
  // The next opening of the folder's database removes the temporaries the kills left.
  media::MediaFolder reopened(env.dir / "collection.media");
  reopened.trash("nothing-here");
  reopened.add_file("c.txt", "c");
  for (const auto& e : fs::directory_iterator(env.dir / "collection.media"))
    CHECK(e.path().filename().string().rfind(".ankc-media-", 0) != 0);
}
