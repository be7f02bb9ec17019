// How each domain concept (decks, notetypes, notes, cards, tags, media, …) exposes AnkiConnect actions to
// the native backend: a service.cc per concept returns a table of handlers, and native_backend.cc
// concatenates the tables. A handler receives complete, bound params (compat filled in defaults) and
// returns the action's result or throws ActionError with AnkiConnect's exact text.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <span>
#include <string_view>

namespace ankc::native {

class Session;  // the active profile: open collection, media folder, clock (backends/native/session.h)

using Handler = boost::json::value (*)(Session& session, const boost::json::object& params);

struct ServiceAction {
  std::string_view name;  // the AnkiConnect action name
  Handler handler;
};

}  // namespace ankc::native
