#include "backends/proxy/upstream_error.h"

#include <cstdio>

namespace ankc::proxy {

namespace {

void append_u_escape(std::string& out, unsigned code) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", code);
  out += buf;
}

// A JSON string literal as json.dumps (ensure_ascii) writes it. The text is built from the configured
// URL and curl's messages; bytes that are not valid UTF-8 are written as U+FFFD.
// TODO: use pyjson::dump_string_to once compat/pyjson.cc has landed.
void dump_string(std::string& out, std::string_view utf8) {
  out += '"';
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      ++i;
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20 || c == 0x7f) append_u_escape(out, c);
          else out += static_cast<char>(c);
      }
      continue;
    }
    int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
    bool valid = extra > 0 && c < 0xf5 && i + extra < utf8.size();
    unsigned code = valid ? c & (0x3f >> extra) : 0;
    for (int k = 1; valid && k <= extra; ++k) {
      unsigned char next = static_cast<unsigned char>(utf8[i + k]);
      valid = (next & 0xc0) == 0x80;
      code = (code << 6) | (next & 0x3f);
    }
    static constexpr unsigned kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (valid) valid = code >= kSmallest[extra] && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    if (!valid) {
      append_u_escape(out, 0xfffd);
      ++i;
      continue;
    }
    i += extra + 1;
    if (code >= 0x10000) {
      code -= 0x10000;
      append_u_escape(out, 0xd800 + (code >> 10));
      append_u_escape(out, 0xdc00 + (code & 0x3ff));
    } else {
      append_u_escape(out, code);
    }
  }
  out += '"';
}

}  // namespace

std::string upstream_error_text(std::string_view upstream_url, std::string_view cause) {
  std::string text = "ankiconnectd proxy: upstream AnkiConnect at ";
  text += upstream_url;
  text += " did not answer: ";
  text += cause;
  return text;
}

HttpResponse upstream_error_reply(std::string_view text) {
  HttpResponse reply;
  reply.status = 200;
  reply.body = "{\"result\": null, \"error\": ";
  dump_string(reply.body, text);
  reply.body += "}";
  reply.headers = {{"Content-Type", "application/json"},
                   {"Access-Control-Allow-Origin", "http://localhost"},
                   {"Access-Control-Allow-Headers", "*"},
                   {"Content-Length", std::to_string(reply.body.size())}};
  return reply;
}

}  // namespace ankc::proxy
