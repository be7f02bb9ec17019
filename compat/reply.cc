#include "compat/reply.h"

#include "compat/pyjson.h"

namespace ankc::reply {

std::vector<std::pair<std::string, std::string>> headers(std::string_view cors_origin,
                                                         std::size_t content_length) {
  return {
      {"Content-Type", "application/json"},
      {"Access-Control-Allow-Origin", std::string(cors_origin)},
      {"Access-Control-Allow-Headers", "*"},
      {"Content-Length", std::to_string(content_length)},
  };
}

std::string error_body(std::string_view text) {
  std::string body = "{\"result\": null, \"error\": ";
  pyjson::dump_string_to(body, text);
  body += "}";
  return body;
}

}  // namespace ankc::reply
