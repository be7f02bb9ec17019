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
