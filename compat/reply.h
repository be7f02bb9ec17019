// AnkiConnect's reply framing (spec §1.6): the header block every JSON answer carries, in
// AnkiConnect's order, and the body of an error answer. One definition for every place that writes a
// reply itself: the web layer (src/web.cc) and the proxy's own upstream-failure reply.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ankc::reply {

// Content-Type: application/json, Access-Control-Allow-Origin: <cors_origin>,
// Access-Control-Allow-Headers: *, Content-Length: <content_length>, in that order.
std::vector<std::pair<std::string, std::string>> headers(std::string_view cors_origin,
                                                         std::size_t content_length);

// {"result": null, "error": <text as json.dumps writes it>}.
std::string error_body(std::string_view text);

}  // namespace ankc::reply
