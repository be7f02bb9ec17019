// The tag actions of AnkiConnect (api spec §5.4): addTags, removeTags, getTags, clearUnusedTags,
// replaceTags, replaceTagsInAllNotes; and updateNoteTags' semantics, which updateNote shares.
#pragma once

#include <boost/json/value.hpp>
#include <span>
#include <string>
#include <vector>

#include "backends/native/service.h"

namespace ankc::native {

// The table native_backend.cc concatenates.
std::span<const ServiceAction> tags_actions();

// AnkiConnect's updateNoteTags(note, tags): a string is wrapped in a list; anything but a list of
// strings → "Must provide tags as a list of strings"; unknown note → "Note was not found: {note}".
// Commits its own transaction.
void set_note_tags(Session& session, const boost::json::value& note, const boost::json::value& tags);
// The tags a JSON value lists (list elements as strings; a string is one element).
std::vector<std::string> tag_list_of(const boost::json::value& tags);

}  // namespace ankc::native
