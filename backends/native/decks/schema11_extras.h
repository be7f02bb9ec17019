// Helpers shared by every schema-11 writer (decks, deck options, notetypes): the unknown legacy keys
// Anki keeps in a protobuf `other` field, and Rust f32 values as Python sees them.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace ankc::native {

// Appends to `out` every key of the JSON object in `other_json` that is not in `reserved`, in stored
// order (Anki's order is a hash map's and cannot be matched). Empty or invalid JSON adds nothing.
void append_legacy_extras(boost::json::object& out, std::string_view other_json,
                          std::initializer_list<std::string_view> reserved);

// A Rust f32 as serde_json writes it and Python reads it back (api spec §3); non-finite → null.
boost::json::value f32_value(float f);

// A list of f32 values, each as f32_value().
boost::json::value f32_list(const std::vector<float>& values);

}  // namespace ankc::native
