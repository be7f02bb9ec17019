// Which HTTP headers belong to one connection rather than to the exchange (RFC 9110 §7.6.1), so the
// proxy neither forwards them upstream nor copies them back to the client.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ankc::proxy {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// True for Connection, Keep-Alive, Transfer-Encoding, TE, Trailer, Upgrade and every Proxy-* header
// (case-insensitive).
bool is_hop_by_hop(std::string_view name);

// The headers minus the hop-by-hop ones and minus any header the message's own Connection header
// names ("Connection: close, X-Foo" drops X-Foo too). Order and bytes of the rest are kept.
HeaderList end_to_end(const HeaderList& headers);

// ASCII case-insensitive equality of header names.
bool same_name(std::string_view a, std::string_view b);

}  // namespace ankc::proxy
