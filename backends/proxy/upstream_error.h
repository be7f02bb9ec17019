// The reply the proxy gives when the upstream AnkiConnect cannot answer: what AnkiConnect itself sends
// for a failed action (spec ankiconnect-api.md §1.6, §3), so every client can show the text.
#pragma once

#include <string>
#include <string_view>

#include "backends/backend.h"

namespace ankc::proxy {

// The error text: names the upstream and curl's cause.
std::string upstream_error_text(std::string_view upstream_url, std::string_view cause);

// Status 200, AnkiConnect's header block (Content-Type, Access-Control-Allow-Origin: http://localhost,
// Access-Control-Allow-Headers: *, Content-Length) and the body {"result": null, "error": <text>}
// as Python's json.dumps writes it.
HttpResponse upstream_error_reply(std::string_view text);

}  // namespace ankc::proxy
