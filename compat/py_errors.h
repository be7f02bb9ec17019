// Python built-in exception texts that leak through AnkiConnect and whose wording depends on the Python
// version of the emulated Anki (spec ankiconnect-api.md §4.3): every handler that reproduces one of them
// takes it from here with the emulation's PyFlavour, so the anki23 (3.9) and anki25 (3.13) profiles
// both answer with their own bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compat/emulation.h"

namespace ankc::pyerr {

// `s["key"]` on a str: 3.9/3.10 "string indices must be integers", 3.11+ adds ", not 'str'".
inline std::string str_indices(PyFlavour py) {
  return py == PyFlavour::py39 ? "string indices must be integers" : "string indices must be integers, not 'str'";
}

// `int(x)` on a non-number, non-string object of Python type `type` (e.g. NoneType): 3.10+ says
// "a real number".
inline std::string int_argument(PyFlavour py, std::string_view type) {
  return std::string("int() argument must be a string, a bytes-like object or ") +
         (py == PyFlavour::py39 ? "a number" : "a real number") + ", not '" + std::string(type) + "'";
}

// `getattr(obj, name)` with a non-str name of Python type `type`: 3.9/3.10 check it in getattr()
// itself; 3.11+ leave it to PyObject_GetAttr.
inline std::string getattr_name(PyFlavour py, std::string_view type) {
  if (py == PyFlavour::py39) return "getattr(): attribute name must be string";
  return "attribute name must be string, not '" + std::string(type) + "'";
}

// `setattr(obj, name, v)` with a non-str name: PyObject_SetAttr's text, the same on 3.9 and 3.13.
inline std::string setattr_name(std::string_view type) {
  return "attribute name must be string, not '" + std::string(type) + "'";
}

// The UnicodeEncodeError Python raises when a str holding lone surrogates (pyjson keeps them as their
// 3-byte form) is encoded to UTF-8, as happens when AnkiConnect hands it to Anki's backend: "'utf-8'
// codec can't encode character '\ud800' in position 3: surrogates not allowed", or "characters in
// position 3-4" for a run of them; positions count code points. nullopt when `utf8` has none. The same
// text on every Python version.
std::optional<std::string> utf8_encode_error(std::string_view utf8);

}  // namespace ankc::pyerr
