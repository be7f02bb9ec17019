#include "conformance/cassette.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fstream>
#include <sstream>

#include "conformance/text_bytes.h"

namespace ankc::conformance {

namespace json = boost::json;

namespace {

// --- writing -------------------------------------------------------------------------------------

void put_bytes(std::string& out, const std::string& bytes) {
  if (is_valid_utf8(bytes)) {
    append_json_string(out, bytes);
  } else {
    out += "{\"base64\": ";
    append_json_string(out, base64_encode(bytes));
    out += "}";
  }
}

void put_headers(std::string& out, const std::vector<HeaderLine>& headers) {
  out += "[";
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (i) out += ", ";
    out += "[";
    put_bytes(out, headers[i].name);
    if (!headers[i].raw) {
      out += ", ";
      put_bytes(out, headers[i].value);
    }
    out += "]";
  }
  out += "]";
}

// --- reading -------------------------------------------------------------------------------------

std::string get_bytes(const json::value& v, const std::string& what) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_object() && v.as_object().size() == 1 && v.as_object().contains("base64") &&
      v.as_object().at("base64").is_string()) {
    std::optional<std::string> bytes = base64_decode(std::string(v.as_object().at("base64").get_string()));
    if (!bytes) throw CassetteError(what + ": invalid base64");
    return *bytes;
  }
  throw CassetteError(what + ": expected a string or {\"base64\": ...}");
}

std::string get_string(const json::object& o, const char* key, const std::string& fallback) {
  const json::value* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_string()) throw CassetteError(std::string("'") + key + "' must be a string");
  return std::string(v->get_string());
}

std::string get_bytes_or(const json::object& o, const char* key, const std::string& fallback) {
  const json::value* v = o.if_contains(key);
  return v ? get_bytes(*v, key) : fallback;
}

std::vector<HeaderLine> get_headers(const json::object& o) {
  std::vector<HeaderLine> headers;
  const json::value* v = o.if_contains("headers");
  if (!v) return headers;
  if (!v->is_array()) throw CassetteError("'headers' must be a list");
  for (const json::value& item : v->get_array()) {
    if (!item.is_array() || item.get_array().empty() || item.get_array().size() > 2)
      throw CassetteError("a header must be [name, value] or [raw line]");
    const json::array& pair = item.get_array();
    HeaderLine line;
    line.name = get_bytes(pair[0], "header");
    if (pair.size() == 2) {
      line.value = get_bytes(pair[1], "header value");
    } else {
      line.raw = true;
    }
    headers.push_back(std::move(line));
  }
  return headers;
}

std::string get_body(const json::object& o) {
  const json::value* v = o.if_contains("body");
  return v ? get_bytes(*v, "body") : std::string();
}

Exchange parse_exchange(const json::object& o) {
  Exchange x;
  x.name = get_string(o, "name", "");
  if (x.name.empty()) throw CassetteError("an exchange needs a non-empty 'name'");
  x.note = get_string(o, "note", "");
  const json::value* rq = o.if_contains("request");
  const json::value* rs = o.if_contains("response");
  if (!rq || !rq->is_object()) throw CassetteError("exchange '" + x.name + "' needs a 'request' object");
  if (!rs || !rs->is_object()) throw CassetteError("exchange '" + x.name + "' needs a 'response' object");
  const json::object& req = rq->get_object();
  x.request.method = get_bytes_or(req, "method", "POST");
  x.request.path = get_bytes_or(req, "path", "/");
  x.request.headers = get_headers(req);
  x.request.body = get_body(req);
  const json::object& res = rs->get_object();
  const json::value* status = res.if_contains("status");
  if (!status || !status->is_int64()) throw CassetteError("exchange '" + x.name + "' needs an integer status");
  x.response.status = static_cast<int>(status->get_int64());
  x.response.reason = get_bytes_or(res, "reason", "OK");
  x.response.headers = get_headers(res);
  x.response.body = get_body(res);
  return x;
}

CassetteHeader parse_header(const json::object& o) {
  const json::value* version = o.if_contains("cassette");
  if (!version || !version->is_int64() || version->get_int64() != 1)
    throw CassetteError("the first line must be a header with \"cassette\": 1");
  CassetteHeader h;
  h.source = get_string(o, "source", "");
  if (h.source.empty()) throw CassetteError("the header must name its 'source'");
  h.emulation = get_string(o, "emulation", "anki25");
  h.state = get_string(o, "state", "fresh");
  h.description = get_string(o, "description", "");
  if (const json::value* c = o.if_contains("config")) {
    if (!c->is_object()) throw CassetteError("'config' must be an object");
    h.config = c->get_object();
  }
  return h;
}

}  // namespace

Cassette parse_cassette(const std::string& text, const std::string& origin) {
  Cassette cassette;
  bool have_header = false;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    try {
      boost::system::error_code ec;
      json::value v = json::parse(line, ec);
      if (ec) throw CassetteError("not a JSON line (" + ec.message() + ")");
      if (!v.is_object()) throw CassetteError("each line must be a JSON object");
      if (!have_header) {
        cassette.header = parse_header(v.get_object());
        have_header = true;
      } else {
        cassette.exchanges.push_back(parse_exchange(v.get_object()));
      }
    } catch (const CassetteError& e) {
      throw CassetteError(origin + ":" + std::to_string(line_no) + ": " + e.what());
    }
  }
  if (!have_header) throw CassetteError(origin + ": no header line");
  return cassette;
}

Cassette read_cassette(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CassetteError(path.string() + ": cannot be read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_cassette(buffer.str(), path.string());
}

std::string format_header(const CassetteHeader& h) {
  std::string out = "{\"cassette\": 1, \"source\": ";
  append_json_string(out, h.source);
  out += ", \"emulation\": ";
  append_json_string(out, h.emulation);
  out += ", \"state\": ";
  append_json_string(out, h.state);
  if (!h.config.empty()) {
    out += ", \"config\": ";
    out += json::serialize(h.config);
  }
  if (!h.description.empty()) {
    out += ", \"description\": ";
    append_json_string(out, h.description);
  }
  out += "}";
  return out;
}

std::string format_exchange(const Exchange& x) {
  std::string out = "{\"name\": ";
  append_json_string(out, x.name);
  if (!x.note.empty()) {
    out += ", \"note\": ";
    append_json_string(out, x.note);
  }
  out += ", \"request\": {\"method\": ";
  put_bytes(out, x.request.method);
  out += ", \"path\": ";
  put_bytes(out, x.request.path);
  out += ", \"headers\": ";
  put_headers(out, x.request.headers);
  out += ", \"body\": ";
  put_bytes(out, x.request.body);
  out += "}, \"response\": {\"status\": " + std::to_string(x.response.status) + ", \"reason\": ";
  put_bytes(out, x.response.reason);
  out += ", \"headers\": ";
  put_headers(out, x.response.headers);
  out += ", \"body\": ";
  put_bytes(out, x.response.body);
  out += "}}";
  return out;
}

std::string format_cassette(const Cassette& cassette) {
  std::string out = format_header(cassette.header) + "\n";
  for (const Exchange& x : cassette.exchanges) out += format_exchange(x) + "\n";
  return out;
}

void write_cassette(const std::filesystem::path& path, const Cassette& cassette) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw CassetteError(path.string() + ": cannot be written");
  std::string text = format_cassette(cassette);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw CassetteError(path.string() + ": write failed");
}

namespace {
void render_headers(std::string& out, const std::vector<HeaderLine>& headers) {
  for (const HeaderLine& h : headers) {
    out += h.raw ? h.name : h.name + ": " + h.value;
    out += "\r\n";
  }
  out += "\r\n";
}
}  // namespace

std::string render_response(const CassetteResponse& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + r.reason + "\r\n";
  render_headers(out, r.headers);
  return out + r.body;
}

std::string render_request(const CassetteRequest& r) {
  std::string out = r.method + " " + r.path + " HTTP/1.1\r\n";
  render_headers(out, r.headers);
  return out + r.body;
}

}  // namespace ankc::conformance
