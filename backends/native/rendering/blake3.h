// BLAKE3 hash (unkeyed mode), used by the `hint` filter to derive a stable DOM id.
// Debian 12 ships no BLAKE3 library, so this is a small portable implementation of the
// published algorithm: 1024-byte chunks, 64-byte blocks, binary Merkle tree, extendable output.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::rendering {

// The standard 32-byte BLAKE3 digest of `data`.
std::array<std::uint8_t, 32> blake3(std::string_view data);

// `out_len` bytes of BLAKE3 extendable output for `data` (the first 32 equal blake3(data)).
std::vector<std::uint8_t> blake3_xof(std::string_view data, std::size_t out_len);

// Lower-case hex of `bytes`.
std::string to_hex(const std::uint8_t* bytes, std::size_t len);

}  // namespace ankc::native::rendering
