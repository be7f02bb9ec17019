// Python's int(x) on a JSON request value, with CPython's error texts: AnkiConnect passes ids through
// int() (deckNameFromId, setDeckConfigId, cloneDeckConfigId, removeDeckConfigId, modelNameFromId…).
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>

#include "compat/emulation.h"

namespace ankc::native {

// int(v): ints as is, bools 0/1, floats truncated, decimal strings (surrounding whitespace, '_'
// between digits, sign) parsed; otherwise throws ActionError with Python's text, e.g.
// "invalid literal for int() with base 10: 'abc'" (`py` picks the wording for None/list/dict, §4.3).
int64_t py_int(const boost::json::value& v, PyFlavour py);

}  // namespace ankc::native
