#include "backends/native/notes/create_note.h"

#include <re2/re2.h>

#include <set>

#include "backends/action_error.h"
#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/media/store.h"
#include "backends/native/notes/note_ops.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/rendering/cloze.h"
#include "backends/native/session.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notes/notes.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/unicase.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native {
namespace json = boost::json;

namespace {

std::string py_lower(std::string_view s) { return storage::unicase_fold(s); }

// The value assigned to a note field (Anki keeps strings; other JSON values are stored as str()).
std::string field_value(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : pyjson::str(v); }

enum class FieldsState { Normal, Empty, Duplicate, MissingCloze, NotetypeNotCloze, FieldNotCloze };

// Field ordinals referenced with a cloze: filter on the first template's front.
std::set<size_t> cloze_field_ords(const Notetype& nt) {
  std::set<size_t> out;
  if (!nt.is_cloze() || nt.templates.empty()) return out;
  static const RE2 kClozeRef(R"(\{\{[^}]*cloze:([^}]*)\}\})");
  re2::StringPiece input(nt.templates[0].q_format);
  std::string name;
  while (RE2::FindAndConsume(&input, kClozeRef, &name)) {
    std::string_view n = trim_whitespace(name);
    for (size_t i = 0; i < nt.fields.size(); ++i)
      if (nt.fields[i].name == n) out.insert(i);
  }
  return out;
}

bool contains_cloze(const std::string& field) { return !rendering::cloze_numbers(field).empty(); }

FieldsState cloze_check(const Notetype& nt, const Note& note) {
  auto cloze_fields = cloze_field_ords(nt);
  bool has_cloze = false;
  for (size_t i = 0; i < note.fields.size(); ++i) {
    if (!contains_cloze(note.fields[i])) continue;
    if (!nt.is_cloze()) return FieldsState::NotetypeNotCloze;
    if (!cloze_fields.count(i)) return FieldsState::FieldNotCloze;
    has_cloze = true;
  }
  if (nt.is_cloze() && !has_cloze) return FieldsState::MissingCloze;
  return FieldsState::Normal;
}

// Anki's note_fields_check (the default path).
// find_duplicates false: the caller allows duplicates, so a duplicate answers as Normal would and the
// first-field lookup (which grows with every copy already stored) is skipped.
FieldsState anki_fields_check(storage::Db& db, const Notetype& nt, const Note& note, bool normalize_text,
                              bool find_duplicates) {
  FieldsState cloze = cloze_check(nt, note);
  if (cloze == FieldsState::FieldNotCloze) return cloze;
  if (note.fields.empty()) return FieldsState::Empty;
  std::string field1 = normalize_text ? normalize_field(note.fields[0], true) : note.fields[0];
  std::string stripped = strip_html_preserving_media_filenames(field1);
  if (trim_whitespace(stripped).empty()) return FieldsState::Empty;
  if (cloze != FieldsState::Normal) return cloze;
  if (!find_duplicates) return FieldsState::Normal;
  for (NoteId id : storage::note_ids_with_csum(db, nt.id, field_checksum_of_text(stripped))) {
    if (id == note.id) continue;
    auto row = storage::get_note(db, id);
    if (!row) continue;
    auto fields = split_fields(row->flds);
    if (strip_html_preserving_media_filenames(fields[0]) == stripped) return FieldsState::Duplicate;
  }
  return FieldsState::Normal;
}

// AnkiConnect's isNoteDuplicateOrEmptyInScope for scope "deck" / checkAllModels.
FieldsState plugin_fields_check(Session& s, const Notetype& nt, const Note& note, DeckId deck, bool deck_scope,
                                const json::value* scope_deck_name, bool check_children, bool all_models,
                                bool find_duplicates) {
  const std::string& val = note.fields.empty() ? std::string() : note.fields[0];
  if (trim_whitespace(val).empty()) return FieldsState::Empty;
  if (!find_duplicates) return FieldsState::Normal;
  uint32_t csum = field_checksum(val);
  std::set<int64_t> dids;
  if (deck_scope) {
    DeckId did = deck;
    if (scope_deck_name && !scope_deck_name->is_null()) {
      std::optional<Deck> d2;
      if (scope_deck_name->is_string()) d2 = find_deck_by_human_name(s.db(), scope_deck_name->get_string());
      if (!d2) return FieldsState::Normal;  // an unknown deck: nothing is a duplicate
      did = d2->id;
    }
    dids.insert(did.v);
    if (check_children)
      if (auto d = find_deck(s.db(), did))
        for (const auto& child : storage::child_decks(s.db(), d->name)) dids.insert(child.id.v);
  }
  std::vector<NoteId> candidates;
  if (all_models) {
    for (const auto& nt_row : storage::all_notetypes(s.db()))
      for (NoteId id : storage::note_ids_with_csum(s.db(), nt_row.id, csum)) candidates.push_back(id);
  } else {
    candidates = storage::note_ids_with_csum(s.db(), nt.id, csum);
  }
  for (NoteId id : candidates) {
    if (!deck_scope) return FieldsState::Duplicate;
    for (const auto& card : storage::cards_of_note(s.db(), id))
      if (dids.count(card.did.v)) return FieldsState::Duplicate;
  }
  return FieldsState::Normal;
}

void add_media_list(Session& s, Note& note, const Notetype& nt, const json::value& list_or_item, bool picture) {
  if (list_or_item.is_null()) return;
  std::vector<const json::value*> items;
  if (list_or_item.is_array())
    for (const auto& v : list_or_item.get_array()) items.push_back(&v);
  else
    items.push_back(&list_or_item);
  auto field_index = [&](const json::value& name) -> int {
    if (!name.is_string()) return -1;
    for (size_t i = 0; i < nt.fields.size(); ++i)
      if (nt.fields[i].name == name.get_string()) return int(i);
    return -1;
  };
  for (const json::value* media : items) {
    if (media->is_null()) continue;
    try {
      media::StoreRequest r;
      r.filename = &subscript(*media, "filename", s.py_flavour());
      const json::object& o = media->get_object();
      auto get = [&](const char* k) { auto it = o.find(k); return it == o.end() ? &media::json_null() : &it->value(); };
      r.data = get("data");
      r.path = get("path");
      r.url = get("url");
      r.skip_hash = get("skipHash");
      r.delete_existing = get("deleteExisting");
      auto name = media::store_media_file(s, r);
      auto fit = o.find("fields");
      if (name && fit != o.end() && fit->value().is_array()) {
        for (const auto& f : fit->value().get_array()) {
          int idx = field_index(f);
          if (idx < 0) continue;
          note.fields[idx] += picture ? "<img src=\"" + *name + "\">" : "[sound:" + *name + "]";
        }
      }
    } catch (const ActionError& e) {
      std::string msg;
      for (char c : std::string(e.what())) {
        if (c == '&') msg += "&amp;";
        else if (c == '<') msg += "&lt;";
        else if (c == '>') msg += "&gt;";
        else msg.push_back(c);
      }
      const json::value& fields = subscript(*media, "fields", s.py_flavour());  // KeyError 'fields' aborts the call
      if (fields.is_array())
        for (const auto& f : fields.get_array()) {
          int idx = field_index(f);
          if (idx >= 0) note.fields[idx] += msg;
        }
    }
  }
}

}  // namespace

void throw_subscript_error(const json::value& obj, const char* key, PyFlavour py) {
  switch (obj.kind()) {
    case json::kind::object: throw ActionError(pyjson::repr_str(key));
    case json::kind::string: throw ActionError(pyerr::str_indices(py));
    case json::kind::array: throw ActionError("list indices must be integers or slices, not str");
    default: throw ActionError(std::string("'") + pyjson::type_name(obj) + "' object is not subscriptable");
  }
}

const json::value& subscript(const json::value& obj, const char* key, PyFlavour py) {
  if (obj.is_object()) {
    auto it = obj.get_object().find(key);
    if (it != obj.get_object().end()) return it->value();
  }
  throw_subscript_error(obj, key, py);
}

void add_media_from_note(Session& s, Note& note, const Notetype& nt, const json::object& note_json) {
  static const std::pair<const char*, bool> kKinds[] = {{"audio", false}, {"video", false}, {"picture", true}};
  for (const auto& [key, picture] : kKinds) {
    auto it = note_json.find(key);
    if (it != note_json.end()) add_media_list(s, note, nt, it->value(), picture);
  }
}

NoteDraft create_note(Session& s, const json::value& note_json, CreateNoteLookups* lookups) {
  CreateNoteLookups local;
  CreateNoteLookups& cache = lookups ? *lookups : local;
  const json::value& model_name = subscript(note_json, "modelName", s.py_flavour());
  std::optional<Notetype> nt;
  if (model_name.is_string()) {
    std::string name(model_name.get_string());
    auto it = cache.notetypes.find(name);
    if (it == cache.notetypes.end()) it = cache.notetypes.emplace(name, load_notetype_by_name(s.db(), name)).first;
    nt = it->second;
  }
  if (!nt) throw ActionError("model was not found: " + pyjson::str(model_name));
  const json::value& deck_name = subscript(note_json, "deckName", s.py_flavour());
  std::optional<Deck> deck;
  if (deck_name.is_string()) {
    std::string name(deck_name.get_string());
    auto it = cache.decks.find(name);
    if (it == cache.decks.end()) it = cache.decks.emplace(name, find_deck_by_human_name(s.db(), name)).first;
    deck = it->second;
  }
  if (!deck) throw ActionError("deck was not found: " + pyjson::str(deck_name));
  if (!cache.normalize_text) cache.normalize_text = normalize_note_text(s.db());

  const json::object& obj = note_json.get_object();
  NoteDraft draft{Note{}, std::move(*nt), deck->id};
  Note& note = draft.note;
  const Notetype& type = draft.nt;
  note.notetype_id = type.id;
  note.fields.assign(type.fields.size(), "");
  if (auto it = obj.find("tags"); it != obj.end()) {
    if (it->value().is_array()) {
      for (const auto& t : it->value().get_array()) note.tags.push_back(field_value(t));
    } else if (it->value().is_string()) {
      note.tags.emplace_back(it->value().get_string());
    }
  }
  const json::value& fields = subscript(note_json, "fields", s.py_flavour());
  if (!fields.is_object())
    throw ActionError(std::string("'") + pyjson::type_name(fields) + "' object has no attribute 'items'");
  for (const auto& kv : fields.get_object()) {
    std::string want = py_lower(kv.key());
    for (size_t i = 0; i < type.fields.size(); ++i)
      if (py_lower(type.fields[i].name) == want) {
        note.fields[i] = field_value(kv.value());
        break;
      }
  }
  add_media_from_note(s, note, type, obj);

  bool allow_duplicate = false;
  bool deck_scope = false;
  const json::value* scope_deck = nullptr;
  bool check_children = false, all_models = false;
  if (auto it = obj.find("options"); it != obj.end()) {
    const json::value& options = it->value();
    if (options.is_object()) {
      const json::object& o = options.get_object();
      if (auto a = o.find("allowDuplicate"); a != o.end()) {
        if (!a->value().is_bool()) throw ActionError("option parameter \"allowDuplicate\" must be boolean");
        allow_duplicate = a->value().get_bool();
      }
      if (auto d = o.find("duplicateScope"); d != o.end())
        deck_scope = d->value().is_string() && d->value().get_string() == "deck";
      if (auto so = o.find("duplicateScopeOptions"); so != o.end() && so->value().is_object()) {
        const json::object& dso = so->value().get_object();
        if (auto dn = dso.find("deckName"); dn != dso.end()) scope_deck = &dn->value();
        if (auto cc = dso.find("checkChildren"); cc != dso.end()) {
          if (!cc->value().is_bool())
            throw ActionError("option parameter \"duplicateScopeOptions.checkChildren\" must be boolean");
          check_children = cc->value().get_bool();
        }
        if (auto am = dso.find("checkAllModels"); am != dso.end()) {
          if (!am->value().is_bool())
            throw ActionError("option parameter \"duplicateScopeOptions.checkAllModels\" must be boolean");
          all_models = am->value().get_bool();
        }
      }
    }
  }

  // AnkiConnect's duplicate check hands the note to Anki's backend first.
  check_encodable(note);
  FieldsState state = (!deck_scope && !all_models)
                          ? anki_fields_check(s.db(), type, note, *cache.normalize_text, !allow_duplicate)
                          : plugin_fields_check(s, type, note, draft.deck, deck_scope, scope_deck, check_children,
                                                all_models, !allow_duplicate);
  switch (state) {
    case FieldsState::Normal: return draft;
    case FieldsState::Empty: throw ActionError("cannot create note because it is empty");
    case FieldsState::Duplicate:
      if (allow_duplicate) return draft;
      throw ActionError("cannot create note because it is a duplicate");
    default: throw ActionError("cannot create note for unknown reason");
  }
}

}  // namespace ankc::native
