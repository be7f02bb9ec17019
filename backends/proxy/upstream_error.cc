#include "backends/proxy/upstream_error.h"

#include "compat/pyjson.h"

namespace ankc::proxy {

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
  pyjson::dump_string_to(reply.body, text);
  reply.body += "}";
  reply.headers = {{"Content-Type", "application/json"},
                   {"Access-Control-Allow-Origin", "http://localhost"},
                   {"Access-Control-Allow-Headers", "*"},
                   {"Content-Length", std::to_string(reply.body.size())}};
  return reply;
}

}  // namespace ankc::proxy
