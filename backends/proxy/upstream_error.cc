#include "backends/proxy/upstream_error.h"

#include "compat/reply.h"

namespace ankc::proxy {

std::string upstream_error_text(std::string_view upstream_url, std::string_view cause) {
  std::string text = "ankiconnectd proxy: upstream AnkiConnect at ";
  text += upstream_url;
  text += " did not answer: ";
  text += cause;
  return text;
}

HttpResponse upstream_error_reply(std::string_view text) {
  HttpResponse response;
  response.status = 200;
  response.body = reply::error_body(text);
  response.headers = reply::headers("http://localhost", response.body.size());
  return response;
}

}  // namespace ankc::proxy
