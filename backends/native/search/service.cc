#include "backends/native/search/service.h"

#include <boost/json/array.hpp>

#include "backends/native/search/query_param.h"
#include "backends/native/search/session_search.h"
#include "backends/native/session.h"

namespace ankc::native {
namespace {

namespace json = boost::json;

json::value find_notes(Session& s, const json::object& params) {
  json::array out;
  auto query = search::query_param(params.at("query"));
  if (!query) return out;
  auto ids = search::notes_matching(s, *query);
  out.reserve(ids.size());
  for (NoteId id : ids) out.emplace_back(id.v);
  return out;
}

json::value find_cards(Session& s, const json::object& params) {
  json::array out;
  auto query = search::query_param(params.at("query"));
  if (!query) return out;
  auto ids = search::cards_matching(s, *query);
  out.reserve(ids.size());
  for (CardId id : ids) out.emplace_back(id.v);
  return out;
}

const ServiceAction kActions[] = {
    {"findNotes", &find_notes},
    {"findCards", &find_cards},
};

}  // namespace

std::span<const ServiceAction> search_actions() { return kActions; }

}  // namespace ankc::native
