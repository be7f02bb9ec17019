#include "compat/py_errors.h"

#include <catch2/catch.hpp>

using ankc::PyFlavour;

TEST_CASE("pyerr: Python 3.9 and 3.13 built-in texts (spec §4.3)") {
  CHECK(ankc::pyerr::str_indices(PyFlavour::py39) == "string indices must be integers");
  CHECK(ankc::pyerr::str_indices(PyFlavour::py313) == "string indices must be integers, not 'str'");
  CHECK(ankc::pyerr::int_argument(PyFlavour::py39, "NoneType") ==
        "int() argument must be a string, a bytes-like object or a number, not 'NoneType'");
  CHECK(ankc::pyerr::int_argument(PyFlavour::py313, "NoneType") ==
        "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'");
  CHECK(ankc::pyerr::getattr_name(PyFlavour::py39, "int") == "getattr(): attribute name must be string");
  CHECK(ankc::pyerr::getattr_name(PyFlavour::py313, "int") == "attribute name must be string, not 'int'");
  CHECK(ankc::pyerr::setattr_name("int") == "attribute name must be string, not 'int'");
}

TEST_CASE("pyerr: encoding lone surrogates to UTF-8, as Python reports it") {
  using ankc::pyerr::utf8_encode_error;
  CHECK_FALSE(utf8_encode_error("plain \xc3\xa9 \xf0\x9f\x98\x80"));
  // "\ud800" as json.loads leaves it (generalised UTF-8), after "a" and a 4-byte character.
  CHECK(utf8_encode_error("a\xf0\x9f\x98\x80\xed\xa0\x80z") ==
        "'utf-8' codec can't encode character '\\ud800' in position 2: surrogates not allowed");
  CHECK(utf8_encode_error("\xed\xbf\xbf") ==
        "'utf-8' codec can't encode character '\\udfff' in position 0: surrogates not allowed");
  CHECK(utf8_encode_error("ab\xed\xa0\x80\xed\xb0\x80\xed\xa0\x81" "c\xed\xa0\x80") ==
        "'utf-8' codec can't encode characters in position 2-4: surrogates not allowed");
}
