#include "backends/native/tags/service.h"

#include <boost/json/array.hpp>

#include "backends/action_error.h"
#include "backends/native/session.h"
#include "backends/native/storage/notes/notes.h"
#include "backends/native/storage/tags/tags.h"
#include "backends/native/tags/note_tags.h"
#include "backends/native/tags/registry.h"
#include "compat/pyjson.h"

namespace ankc::native {
namespace json = boost::json;
namespace {

json::value param(const json::object& p, const char* name) {
  auto it = p.find(name);
  return it == p.end() ? json::value() : it->value();
}

std::optional<int64_t> id_of(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) return int64_t(v.get_uint64());
  if (v.is_double() && double(int64_t(v.get_double())) == v.get_double()) return int64_t(v.get_double());
  return std::nullopt;
}

std::vector<NoteId> note_ids(const json::value& v) {
  std::vector<NoteId> out;
  if (v.is_array())
    for (const auto& e : v.get_array())
      if (auto id = id_of(e)) out.push_back(NoteId{*id});
  return out;
}

// The space-separated tag string of a `tags` param (a list is joined with spaces).
std::string tag_string(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  std::string out;
  if (v.is_array())
    for (const auto& e : v.get_array()) out += (out.empty() ? "" : " ") + (e.is_string() ? std::string(e.get_string()) : pyjson::str(e));
  return out;
}

json::value add_tags_action(Session& s, const json::object& p) {
  auto tx = s.write();
  auto ids = note_ids(param(p, "notes"));
  std::string tags = tag_string(param(p, "tags"));
  json::value add = param(p, "add");
  bool adding = add.is_null() ? !p.contains("add") : !(add.is_bool() && !add.get_bool());
  tags::TagRegistry reg(s.db());
  if (adding) tags::add_tags(s.db(), reg, ids, tags, s.clock().now());
  else tags::remove_tags(s.db(), ids, tags, s.clock().now());
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

json::value remove_tags_action(Session& s, const json::object& p) {
  auto tx = s.write();
  tags::remove_tags(s.db(), note_ids(param(p, "notes")), tag_string(param(p, "tags")), s.clock().now());
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

json::value get_tags(Session& s, const json::object&) {
  json::array out;
  for (const auto& t : storage::all_tags(s.db())) out.emplace_back(t.name);
  return out;
}

json::value clear_unused_tags_action(Session& s, const json::object&) {
  auto tx = s.write();
  tags::clear_unused_tags(s.db());
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

void replace_in(Session& s, const std::vector<NoteId>& ids, const json::value& from, const json::value& to) {
  auto tx = s.write();
  tags::TagRegistry reg(s.db());
  std::string f = from.is_string() ? std::string(from.get_string()) : pyjson::str(from);
  std::string t = to.is_string() ? std::string(to.get_string()) : pyjson::str(to);
  for (NoteId id : ids) tags::replace_tag(s.db(), reg, id, f, t, s.clock().now());
  tx.mark_changed();
  tx.commit();
}

json::value replace_tags(Session& s, const json::object& p) {
  replace_in(s, note_ids(param(p, "notes")), param(p, "tag_to_replace"), param(p, "replace_with_tag"));
  return nullptr;
}

json::value replace_tags_in_all_notes(Session& s, const json::object& p) {
  replace_in(s, storage::all_note_ids(s.db()), param(p, "tag_to_replace"), param(p, "replace_with_tag"));
  return nullptr;
}

constexpr ServiceAction kActions[] = {
    {"addTags", &add_tags_action},
    {"removeTags", &remove_tags_action},
    {"getTags", &get_tags},
    {"clearUnusedTags", &clear_unused_tags_action},
    {"replaceTags", &replace_tags},
    {"replaceTagsInAllNotes", &replace_tags_in_all_notes},
};

}  // namespace

std::vector<std::string> tag_list_of(const json::value& tags) {
  std::vector<std::string> out;
  if (tags.is_string()) out.emplace_back(tags.get_string());
  if (tags.is_array())
    for (const auto& t : tags.get_array()) out.push_back(t.is_string() ? std::string(t.get_string()) : pyjson::str(t));
  return out;
}

void set_note_tags(Session& s, const json::value& note, const json::value& tags) {
  std::vector<std::string> list;
  bool ok = tags.is_string() || tags.is_array();
  if (tags.is_array())
    for (const auto& t : tags.get_array()) ok = ok && t.is_string();
  if (!ok) throw ActionError("Must provide tags as a list of strings");
  list = tag_list_of(tags);
  std::optional<storage::NoteRow> row;
  if (auto id = id_of(note)) row = storage::get_note(s.db(), NoteId{*id});
  if (!row) throw ActionError("Note was not found: " + pyjson::str(note));
  auto tx = s.write();
  tags::TagRegistry reg(s.db());
  bool always = !row->tags.empty() || !list.empty();
  if (tags::set_tags(s.db(), reg, row->id, list, s.clock().now(), always)) tx.mark_changed();
  tx.commit();
}

std::span<const ServiceAction> tags_actions() { return kActions; }

}  // namespace ankc::native
