#include "backends/native/notes/service.h"

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <map>

#include "backends/action_error.h"
#include "backends/native/media/store.h"
#include "backends/native/notes/create_note.h"
#include "backends/native/notes/note_ops.h"
#include "backends/native/notes/note_service_helpers.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/search/search.h"
#include "backends/native/search/sql_functions.h"
#include "backends/native/session.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/notes/notes.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/transaction.h"
#include "backends/native/storage/unicase.h"
#include "backends/native/tags/service.h"
#include "compat/pyjson.h"

namespace ankc::native {
namespace json = boost::json;
namespace {

const json::value& param(const json::object& p, const char* name) {
  static const json::value kNull;
  auto it = p.find(name);
  return it == p.end() ? kNull : it->value();
}

// The elements Python's `for note in notes` visits: a list's items, a string's characters; anything
// else → "'{type}' object is not iterable".
std::vector<json::value> iterate(const json::value& v) {
  std::vector<json::value> out;
  if (v.is_array()) {
    for (const auto& e : v.get_array()) out.push_back(e);
  } else if (v.is_string()) {
    std::string_view sv = v.get_string();
    for (size_t i = 0; i < sv.size();) {
      size_t start = i;
      pyjson::next_code_point(sv, i);
      out.emplace_back(sv.substr(start, i - start));
    }
  } else {
    throw ActionError(std::string("'") + pyjson::type_name(v) + "' object is not iterable");
  }
  return out;
}

// Adds one described note inside the caller's transaction; returns its id.
int64_t add_one(Session& s, NoteWriter& writer, const json::value& note_json, CreateNoteLookups* lookups = nullptr) {
  NoteDraft draft = create_note(s, note_json, lookups);
  writer.add(draft.note, draft.nt, draft.deck);
  return draft.note.id.v;
}

json::value add_note(Session& s, const json::object& p) {
  auto tx = s.write();
  NoteWriter writer(s.db(), s.clock().now(), s.random());
  int64_t id = add_one(s, writer, param(p, "note"));
  tx.mark_changed();
  tx.commit();
  return id;
}

// All or nothing: any failure rolls the whole call back; the error is str() of the list of texts.
json::value add_notes(Session& s, const json::object& p) {
  const json::value& list = param(p, "notes");
  std::vector<json::value> chars;  // a string's characters (Python iterates them); lists are not copied
  if (!list.is_array()) chars = iterate(list);
  auto tx = s.write();
  NoteWriter writer(s.db(), s.clock().now(), s.random());
  CreateNoteLookups lookups;
  json::array ids;
  json::array errors;
  auto add = [&](const json::value& n) {
    try {
      ids.emplace_back(add_one(s, writer, n, &lookups));
    } catch (const ActionError& e) {
      errors.emplace_back(e.what());
    }
  };
  if (list.is_array())
    for (const auto& n : list.get_array()) add(n);
  else
    for (const auto& n : chars) add(n);
  if (!errors.empty()) {
    tx.rollback();
    throw ActionError(pyjson::str(errors));
  }
  tx.mark_changed();
  tx.commit();
  return ids;
}

json::value can_add_note(Session& s, const json::object& p) {
  try {
    create_note(s, param(p, "note"));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

json::value can_add_detail(Session& s, const json::value& note) {
  json::object out;
  try {
    create_note(s, note);
    out["canAdd"] = true;
  } catch (const std::exception& e) {
    out["canAdd"] = false;
    out["error"] = e.what();
  }
  return out;
}

json::value can_add_note_with_error_detail(Session& s, const json::object& p) {
  return can_add_detail(s, param(p, "note"));
}

json::value can_add_notes(Session& s, const json::object& p) {
  json::array out;
  CreateNoteLookups lookups;
  for (const auto& n : iterate(param(p, "notes"))) {
      try {
        create_note(s, n, &lookups);
        out.emplace_back(true);
      } catch (const std::exception&) {
        out.emplace_back(false);
      }
    }
  return out;
}

json::value can_add_notes_with_error_detail(Session& s, const json::object& p) {
  json::array out;
  for (const auto& n : iterate(param(p, "notes"))) out.push_back(can_add_detail(s, n));
  return out;
}

// updateNoteFields inside the caller's transaction.
void update_fields(Session& s, NoteWriter& writer, const json::value& note_json) {
  Note note = get_note_or_throw(s, subscript(note_json, "id", s.py_flavour()));
  Notetype nt = notetype_of(s, note);
  const json::value& fields = subscript(note_json, "fields", s.py_flavour());
  if (!fields.is_object())
    throw ActionError(std::string("'") + (fields.is_array() ? "list" : "str") + "' object has no attribute 'items'");
  for (const auto& kv : fields.get_object())
    for (size_t i = 0; i < nt.fields.size(); ++i)
      if (nt.fields[i].name == kv.key()) {
        note.fields[i] = kv.value().is_string() ? std::string(kv.value().get_string()) : pyjson::str(kv.value());
        break;
      }
  add_media_from_note(s, note, nt, note_json.get_object());
  writer.update(note, nt);
}

json::value update_note_fields(Session& s, const json::object& p) {
  auto tx = s.write();
  NoteWriter writer(s.db(), s.clock().now(), s.random());
  update_fields(s, writer, param(p, "note"));
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

json::value update_note(Session& s, const json::object& p) {
  json::value note = param(p, "note");
  if (!note.is_object()) throw_subscript_error(note, "fields", s.py_flavour());
  const json::object& o = note.get_object();
  bool has_fields = o.contains("fields"), has_tags = o.contains("tags");
  if (!has_fields && !has_tags) throw ActionError("Must provide a \"fields\" or \"tags\" property.");
  if (has_fields) {  // committed on its own: fields are not rolled back when tags fail
    auto tx = s.write();
    NoteWriter writer(s.db(), s.clock().now(), s.random());
    update_fields(s, writer, note);
    tx.mark_changed();
    tx.commit();
  }
  if (has_tags) set_note_tags(s, subscript(note, "id", s.py_flavour()), o.at("tags"));
  return nullptr;
}

json::value update_note_model(Session& s, const json::object& p) {
  json::value note = param(p, "note");
  if (!note.is_object()) throw ActionError("'" + std::string(note.is_array() ? "list" : "str") + "' object has no attribute 'get'");
  const json::object& o = note.get_object();
  auto get = [&](const char* k) { auto it = o.find(k); return it == o.end() ? json::value() : it->value(); };
  json::value id = get("id"), model_name = get("modelName"), fields = get("fields");
  if (!pyjson::truthy(id)) throw ActionError("Note ID is required");
  if (!pyjson::truthy(model_name)) throw ActionError("Model name is required");
  if (!pyjson::truthy(fields) || !fields.is_object()) throw ActionError("Fields must be provided as a dictionary");
  json::value tags = o.contains("tags") ? o.at("tags") : json::value(json::array());
  Note n = get_note_or_throw(s, id);
  std::optional<Notetype> nt;
  if (model_name.is_string()) nt = load_notetype_by_name(s.db(), model_name.get_string());
  if (!nt) throw ActionError("Model '" + pyjson::str(model_name) + "' not found");
  n.notetype_id = nt->id;
  n.fields.assign(nt->fields.size(), "");
  for (const auto& kv : fields.get_object())
    for (size_t i = 0; i < nt->fields.size(); ++i)
      if (storage::unicase_fold(nt->fields[i].name) == storage::unicase_fold(kv.key())) {
        n.fields[i] = kv.value().is_string() ? std::string(kv.value().get_string()) : pyjson::str(kv.value());
        break;
      }
  n.tags = tag_list_of(tags);
  auto tx = s.write();
  NoteWriter writer(s.db(), s.clock().now(), s.random());
  writer.update(n, *nt);
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

json::value update_note_tags(Session& s, const json::object& p) {
  set_note_tags(s, param(p, "note"), param(p, "tags"));
  return nullptr;
}

json::value get_note_tags(Session& s, const json::object& p) {
  Note n = get_note_or_throw(s, param(p, "note"));
  json::array out;
  for (auto& t : n.tags) out.emplace_back(t);
  return out;
}

// notesInfo's "fields": {name: {"value": ..., "order": i}} in field order, allocated from `sp`.
json::object fields_object(const Notetype& nt, const Note& n, const json::storage_ptr& sp) {
  json::object fields(sp);
  fields.reserve(nt.fields.size());
  for (size_t i = 0; i < nt.fields.size(); ++i) {
    json::object f(sp);
    f.reserve(2);
    f.emplace("value", i < n.fields.size() ? std::string_view(n.fields[i]) : std::string_view());
    f.emplace("order", static_cast<int64_t>(i));
    fields[nt.fields[i].name] = std::move(f);
  }
  return fields;
}

json::value notes_info(Session& s, const json::object& p) {
  json::value notes = param(p, "notes"), query = param(p, "query");
  if (notes.is_null() && query.is_null()) throw ActionError("Must provide either \"notes\" or a \"query\"");
  std::vector<json::value> ids;
  if (!query.is_null()) {
    if (!query.is_string()) throw ActionError("query must be a string");
    search::register_search_functions(s.db().handle());
    for (int64_t id : search::find_notes(s.db().handle(), std::string(query.get_string()))) ids.emplace_back(id);
  } else if (notes.is_array()) {
    for (const auto& v : notes.get_array()) ids.push_back(v);
  }
  // One arena for the whole answer: a thousand notes make tens of thousands of small JSON nodes,
  // which would otherwise each be a malloc now and a free after the reply is written.
  json::storage_ptr sp = json::make_shared_resource<json::monotonic_resource>();
  std::map<int64_t, Notetype> types;
  const std::string profile = s.profile_name();
  json::array out(sp);
  out.reserve(ids.size());
  for (const auto& idv : ids) {
    std::optional<Note> n;
    if (auto id = as_id(idv)) n = load_note(s.db(), NoteId{*id});
    if (!n) {
      out.emplace_back(json::object(sp));
      continue;
    }
    auto it = types.find(n->notetype_id.v);
    if (it == types.end()) it = types.emplace(n->notetype_id.v, notetype_of(s, *n)).first;
    const Notetype& nt = it->second;
    json::array cards(sp);
    for (CardId c : storage::card_ids_of_note(s.db(), n->id)) cards.emplace_back(c.v);
    if (cards.empty()) throw ActionError(std::to_string(n->id.v));  // AnkiConnect's KeyError(nid)
    json::object o(sp);
    o.reserve(7);
    o.emplace("noteId", n->id.v);
    o.emplace("profile", profile);
    json::array tags(sp);
    tags.reserve(n->tags.size());
    for (auto& t : n->tags) tags.emplace_back(t);
    o.emplace("tags", std::move(tags));
    o.emplace("fields", fields_object(nt, *n, sp));
    o.emplace("modelName", nt.name);
    o.emplace("mod", n->mtime.v);
    o.emplace("cards", std::move(cards));
    out.emplace_back(std::move(o));
  }
  return out;
}

json::value notes_mod_time(Session& s, const json::object& p) {
  json::array out;
  json::value notes = param(p, "notes");
  if (notes.is_array())
    for (const auto& idv : notes.get_array()) {
      std::optional<storage::NoteRow> row;
      if (auto id = as_id(idv)) row = storage::get_note(s.db(), NoteId{*id});
      if (!row) {
        out.emplace_back(json::object());
        continue;
      }
      json::object o;
      o["noteId"] = row->id.v;
      o["mod"] = row->mtime.v;
      out.emplace_back(std::move(o));
    }
  return out;
}

json::value delete_notes(Session& s, const json::object& p) {
  std::vector<NoteId> ids;
  json::value notes = param(p, "notes");
  if (notes.is_array())
    for (const auto& v : notes.get_array())
      if (auto id = as_id(v)) ids.push_back(NoteId{*id});
  auto tx = s.write();
  NoteWriter writer(s.db(), s.clock().now(), s.random());
  writer.remove(ids);
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

// Q11: deletes every note type without notes (a schema change); the last one gone → a new Basic.
json::value remove_empty_notes(Session& s, const json::object&) {
  auto tx = s.write();
  bool removed = false;
  for (const auto& row : storage::all_notetypes(s.db())) {
    if (!storage::note_ids_of_notetype(s.db(), row.id).empty()) continue;
    storage::remove_notetype(s.db(), row.id);
    removed = true;
  }
  if (removed) {
    if (storage::all_notetypes(s.db()).empty()) add_stock_basic(s);
    tx.mark_schema_changed();
  }
  tx.commit();
  return nullptr;
}

constexpr ServiceAction kActions[] = {
    {"addNote", &add_note},
    {"addNotes", &add_notes},
    {"canAddNote", &can_add_note},
    {"canAddNotes", &can_add_notes},
    {"canAddNoteWithErrorDetail", &can_add_note_with_error_detail},
    {"canAddNotesWithErrorDetail", &can_add_notes_with_error_detail},
    {"updateNoteFields", &update_note_fields},
    {"updateNote", &update_note},
    {"updateNoteModel", &update_note_model},
    {"updateNoteTags", &update_note_tags},
    {"getNoteTags", &get_note_tags},
    {"notesInfo", &notes_info},
    {"notesModTime", &notes_mod_time},
    {"deleteNotes", &delete_notes},
    {"removeEmptyNotes", &remove_empty_notes},
};

}  // namespace

std::span<const ServiceAction> notes_actions() { return kActions; }

}  // namespace ankc::native
