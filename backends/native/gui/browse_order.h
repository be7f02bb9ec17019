// guiBrowse's `reorderCards` parameter, validated as the plugin does before sorting the Browser:
// an object with `columnId` and `order`, order "ascending"/"descending", and a column the Browser can
// show (headless: any column key Anki's browser knows counts as shown).
#pragma once

#include <boost/json/value.hpp>

namespace ankc::native::gui {

// Does nothing for null; otherwise throws ActionError with the plugin's text for the first failed
// check: "reorderCards should be a dict: {value}", "Must provide a \"columnId\" and a \"order\"
// property\"", "invalid card order: {order}", "invalid columnId: {columnId}" (values as Python str()).
void check_reorder_cards(const boost::json::value& reorder_cards);

}  // namespace ankc::native::gui
