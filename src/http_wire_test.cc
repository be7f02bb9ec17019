#include <catch2/catch.hpp>

#include "src/http_wire.h"

#include <sys/socket.h>
#include <unistd.h>

using namespace ankc;

TEST_CASE("http_wire: python int") {
  CHECK(python_int("12") == 12);
  CHECK(python_int(" 12 ") == 12);
  CHECK(python_int("+1_000") == 1000);
  CHECK(python_int("-3") == -3);
  CHECK_FALSE(python_int("abc"));
  CHECK_FALSE(python_int(""));
  CHECK_FALSE(python_int("1__0"));
  CHECK_FALSE(python_int("_1"));
  CHECK_FALSE(python_int("1_"));
  CHECK_FALSE(python_int("0x10"));
}

TEST_CASE("http_wire: request framing as web.py") {
  WireLimits limits;
  std::string raw = "post /x HTTP/1.1\r\nOrigin: http://a: b\r\nX-Dup: 1\r\nx-dup: 2\r\nNoSep\r\nContent-Length: 4\r\n\r\nbodyEXTRA";
  auto w = parse_request(raw, limits);
  REQUIRE(w.status == WireStatus::complete);
  CHECK(w.request.method == "POST");
  CHECK(w.request.target == "/x");
  CHECK(w.request.header("origin") == "http://a");
  CHECK(w.request.header("x-dup") == "2");
  CHECK_FALSE(w.request.header("nosep"));
  CHECK(w.request.body == "body");
  CHECK(w.consumed == raw.size() - 5);

  auto incomplete = parse_request("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", limits);
  CHECK(incomplete.status == WireStatus::incomplete);
  CHECK(incomplete.needed == 49);
  CHECK(parse_request("POST / HTTP/1.1\r\nContent-Length: 10\r\n", limits).status == WireStatus::incomplete);

  // "Content-Length:12" without the space is a header named "content-length:12": body length 0.
  auto nospace = parse_request("POST / HTTP/1.1\r\nContent-Length:12\r\n\r\n{}", limits);
  REQUIRE(nospace.status == WireStatus::complete);
  CHECK(nospace.request.body.empty());

  CHECK(parse_request("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", limits).status == WireStatus::bad_content_length);
  limits.max_body_bytes = 5;
  auto big = parse_request("POST / HTTP/1.1\r\nContent-Length: 6\r\n\r\n", limits);
  CHECK(big.status == WireStatus::body_too_large);
  CHECK(big.content_length == "6");
}

TEST_CASE("http_wire: take_request moves a trailing body out of the buffer, copies a pipelined one") {
  WireLimits limits;
  std::string head = "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n";
  std::string buffer = head + "01234";
  WireRequest partial = take_request(buffer, limits);
  CHECK(partial.status == WireStatus::incomplete);
  CHECK(partial.needed == head.size() + 10);
  CHECK(buffer == head + "01234");
  CHECK(buffer.capacity() >= head.size() + 10);  // half has arrived: room for all of it

  buffer += "56789";
  const char* storage = buffer.data();
  WireRequest whole = take_request(buffer, limits);
  REQUIRE(whole.status == WireStatus::complete);
  CHECK(whole.request.body == "0123456789");
  CHECK(whole.request.body.data() == storage);  // the buffer itself, not a copy
  CHECK(whole.consumed == head.size() + 10);
  CHECK(buffer.empty());

  buffer = head + "0123456789" + head + "abc";
  WireRequest first = take_request(buffer, limits);
  REQUIRE(first.status == WireStatus::complete);
  CHECK(first.request.body == "0123456789");
  CHECK(buffer == head + "abc");
  CHECK(take_request(buffer, limits).status == WireStatus::incomplete);

  std::string small = "POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\nab";
  take_request(small, limits);
  CHECK(small.capacity() < 100000);  // a client that announced a large body has sent little of it
}

TEST_CASE("http_wire: response bytes") {
  HttpResponse r;
  r.status = 403;
  r.headers = {{"Access-Control-Allow-Origin", "http://localhost"}, {"Access-Control-Allow-Headers", "*"}};
  r.body = "{}";
  WireReply reply = serialize_response(std::move(r));
  CHECK(reply.head ==
        "HTTP/1.1 403 Forbidden\r\nAccess-Control-Allow-Origin: http://localhost\r\nAccess-Control-Allow-Headers: *\r\n\r\n");
  CHECK(reply.body == "{}");
  CHECK(reply.size() == reply.head.size() + 2);
}

TEST_CASE("http_wire: a reply is sent head then body, from any offset") {
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  HttpResponse r;
  r.headers = {{"Content-Length", "5"}};
  r.body = "hello";
  WireReply reply = serialize_response(std::move(r));
  std::string expected = reply.head + reply.body;
  for (size_t offset : {size_t(0), size_t(3), reply.head.size() - 1, reply.head.size(), reply.head.size() + 2}) {
    CAPTURE(offset);
    long n = send_reply(fds[0], reply, offset, 0);
    REQUIRE(n == long(expected.size() - offset));
    std::string got(size_t(n), '\0');
    REQUIRE(::recv(fds[1], got.data(), got.size(), MSG_WAITALL) == n);
    CHECK(got == expected.substr(offset));
  }
  ::close(fds[0]);
  ::close(fds[1]);
}
