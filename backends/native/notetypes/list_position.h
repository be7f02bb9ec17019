// Where AnkiConnect's reposition helpers (Anki's models.reposition_field / reposition_template)
// move an item: nothing when index == the current position, else Python's list.remove(x) followed
// by list.insert(index, x), whose index wraps once from the end and is clamped to the list.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <boost/json/value.hpp>

namespace ankc::native {

// The new position of the item now at old_index in a list of size items, or nullopt when it stays.
// A non-integral index raises Python's TypeError text ("'str' object cannot be interpreted as an
// integer").
std::optional<std::size_t> python_reposition_target(const boost::json::value& index, std::size_t old_index,
                                                    std::size_t size);

// Moves v[from] to position to (the result of python_reposition_target).
template <typename T>
void move_item(std::vector<T>& v, std::size_t from, std::size_t to) {
  T item = std::move(v[from]);
  v.erase(v.begin() + static_cast<std::ptrdiff_t>(from));
  v.insert(v.begin() + static_cast<std::ptrdiff_t>(to), std::move(item));
}

}  // namespace ankc::native
