// Python's int(x) on a JSON request value, with CPython's error texts: AnkiConnect passes ids through
// int() (deckNameFromId, setDeckConfigId, cloneDeckConfigId, removeDeckConfigId, modelNameFromId…).
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>

namespace ankc::native {

// int(v): ints as is, bools 0/1, floats truncated, decimal strings (surrounding whitespace, '_'
// between digits, sign) parsed; otherwise throws ActionError with Python 3.13's text, e.g.
// "invalid literal for int() with base 10: 'abc'".
int64_t py_int(const boost::json::value& v);

}  // namespace ankc::native
