// Binding request params to an action's Python signature, as `method(**params)` would, with the exact
// TypeError texts of spec ankiconnect-api.md §2.2 (incl. Python 3.13's "Did you mean" suggestion).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <span>
#include <string>
#include <string_view>

#include "compat/actions.h"
#include "compat/emulation.h"

namespace ankc {

// Returns the complete keyword arguments: the given params plus every omitted optional one set to its
// default. Throws ActionError with Python's TypeError text when `params` is not a mapping, names an
// unknown parameter or `self`, or lacks required ones. `addon_package` is the add-on's package name
// used in the "argument after ** must be a mapping" text ("2055492159").
boost::json::object bind_params(const ActionSpec& action, const boost::json::value& params,
                                PyFlavour flavour, std::string_view addon_package);
// The same, moving the given values out of `params` instead of copying them (a `data` string can be
// hundreds of megabytes). `params` is untouched when it throws.
boost::json::object bind_params(const ActionSpec& action, boost::json::value&& params,
                                PyFlavour flavour, std::string_view addon_package);

// CPython 3.13's "Did you mean" candidate for `bad` among `candidates` (spec §2.2), or "" if none.
std::string suggest_name(std::string_view bad, std::span<const std::string_view> candidates);

}  // namespace ankc
