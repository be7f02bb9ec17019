#include "backends/native/notetypes/service.h"

#include <openssl/sha.h>

#include <boost/json/array.hpp>
#include <string>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/collection/stock_notetypes.h"
#include "backends/native/decks/py_int.h"
#include "backends/native/notetypes/list_position.h"
#include "backends/native/notetypes/notetype_ops.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/notetypes/schema11.h"
#include "backends/native/session.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/unicase.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native {

namespace json = boost::json;

namespace {

// modelNames order: SQLite walks idx_notetypes_name for `SELECT id, name FROM notetypes`, i.e.
// unicase order (api spec §5.6, planner-dependent).
std::vector<storage::NotetypeRow> rows_in_name_order(storage::Db& db) {
  auto rows = storage::all_notetypes(db);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return storage::unicase_compare(a.name, b.name) < 0;
  });
  return rows;
}

// `getModel`: by_name lookup (unicase) or "model was not found: {name}".
Notetype model_by_name(Session& s, const json::value& name) {
  std::optional<Notetype> nt;
  if (name.is_string()) nt = load_notetype_by_name(s.db(), name.as_string());
  if (!nt) throw ActionError("model was not found: " + pyjson::str(name));
  return *nt;
}

// `getField`: exact name, else "field was not found in {model name}: {field}".
NoteField& field_by_name(Notetype& nt, const json::value& name) {
  for (auto& f : nt.fields)
    if (name.is_string() && f.name == name.as_string()) return f;
  throw ActionError("field was not found in " + nt.name + ": " + pyjson::str(name));
}

// `getTemplate`: exact name, else "template was not found in {model name}: {template}".
CardTemplate& template_by_name(Notetype& nt, const json::value& name) {
  for (auto& t : nt.templates)
    if (name.is_string() && t.name == name.as_string()) return t;
  throw ActionError("template was not found in " + nt.name + ": " + pyjson::str(name));
}

// AnkiConnect's save_model (models.update_dict): the whole backend update in one transaction,
// which decides itself whether it was a schema change (§8.19).
void commit_notetype(Session& s, Notetype& nt) {
  auto tx = s.write();
  update_notetype(s.db(), nt, tx, s.clock().now(), s.random());
  tx.commit();
}

json::value model_names(Session& s, const json::object&) {
  json::array out;
  for (const auto& r : rows_in_name_order(s.db())) out.emplace_back(r.name);
  return out;
}

json::value model_names_and_ids(Session& s, const json::object&) {
  json::object out;
  for (const auto& r : rows_in_name_order(s.db())) out[r.name] = r.id.v;
  return out;
}

json::value find_models_by_id(Session& s, const json::object& params) {
  json::array out;
  for (const auto& v : params.at("modelIds").as_array()) {
    std::optional<Notetype> nt;
    if (!v.is_null()) nt = load_notetype(s.db(), NotetypeId{py_int(v, s.py_flavour())});
    if (!nt) throw ActionError("model was not found: " + pyjson::str(v));
    out.push_back(notetype_to_schema11(*nt));
  }
  return out;
}

json::value find_models_by_name(Session& s, const json::object& params) {
  json::array out;
  for (const auto& v : params.at("modelNames").as_array()) out.push_back(notetype_to_schema11(model_by_name(s, v)));
  return out;
}

json::value model_name_from_id(Session& s, const json::object& params) {
  const json::value& v = params.at("modelId");
  std::optional<Notetype> nt;
  if (!v.is_null()) nt = load_notetype(s.db(), NotetypeId{py_int(v, s.py_flavour())});
  if (!nt) throw ActionError("model was not found: " + pyjson::str(v));
  return json::value(nt->name);
}

json::value model_field_names(Session& s, const json::object& params) {
  json::array out;
  for (const auto& f : model_by_name(s, params.at("modelName")).fields) out.emplace_back(f.name);
  return out;
}

json::value model_field_descriptions(Session& s, const json::object& params) {
  json::array out;
  for (const auto& f : model_by_name(s, params.at("modelName")).fields) out.emplace_back(f.description);
  return out;
}

json::value model_field_fonts(Session& s, const json::object& params) {
  json::object out;
  for (const auto& f : model_by_name(s, params.at("modelName")).fields) {
    json::object font;
    font["font"] = f.font_name;
    font["size"] = static_cast<uint16_t>(f.font_size);
    out[f.name] = std::move(font);
  }
  return out;
}

// The plugin's textual scan, `re.findall(r"{{[^#/}]+?}}", fmt)`: braces removed, last ':' part,
// FrontSide skipped, answer side skips names already on the question side. Scanned by hand rather than
// with std::regex, whose recursive matcher overflowed the stack on a stored template with a long
// unterminated `{{` (every later call crashed the server). A match is `{{`, a non-empty run without
// '#', '/' or '}', then `}}`; a failed start shares its run with the starts inside it, so the run end
// is computed once per run and the scan stays linear.
std::vector<std::string> template_refs(std::string_view fmt) {
  std::vector<std::string> out;
  size_t run_end = 0;  // end of the run of [^#/}] last measured, valid for starts with s + 2 < run_end
  for (size_t s = 0; s + 1 < fmt.size();) {
    if (fmt[s] != '{' || fmt[s + 1] != '{') {
      ++s;
      continue;
    }
    size_t begin = s + 2;
    if (begin >= run_end) {
      run_end = begin;
      while (run_end < fmt.size() && fmt[run_end] != '#' && fmt[run_end] != '/' && fmt[run_end] != '}') ++run_end;
    }
    if (run_end > begin && run_end + 1 < fmt.size() && fmt[run_end] == '}' && fmt[run_end + 1] == '}') {
      out.emplace_back(fmt.substr(s, run_end + 2 - s));
      s = run_end + 2;
    } else {
      ++s;
    }
  }
  return out;
}

json::value model_fields_on_templates(Session& s, const json::object& params) {
  json::object out;
  for (const auto& t : model_by_name(s, params.at("modelName")).templates) {
    std::vector<std::string> question;
    json::array sides;
    for (int side = 0; side < 2; ++side) {
      const std::string& fmt = side == 0 ? t.q_format : t.a_format;
      json::array names;
      for (const std::string& ref : template_refs(fmt)) {
        std::string m;
        for (char c : ref)
          if (c != '{' && c != '}') m += c;
        std::size_t colon = m.rfind(':');
        if (colon != std::string::npos) m = m.substr(colon + 1);
        if (m == "FrontSide") continue;
        if (side == 1 && std::find(question.begin(), question.end(), m) != question.end()) continue;
        if (side == 0) question.push_back(m);
        names.emplace_back(m);
      }
      sides.push_back(std::move(names));
    }
    out[t.name] = std::move(sides);
  }
  return out;
}

json::value model_templates(Session& s, const json::object& params) {
  json::object out;
  for (const auto& t : model_by_name(s, params.at("modelName")).templates) {
    json::object sides;
    sides["Front"] = t.q_format;
    sides["Back"] = t.a_format;
    out[t.name] = std::move(sides);
  }
  return out;
}

json::value model_styling(Session& s, const json::object& params) {
  json::object out;
  out["css"] = model_by_name(s, params.at("modelName")).css;
  return out;
}

// obj[name] with Python's texts: KeyError on a dict, the TypeError of subscripting anything else.
const json::value& key(const json::value& obj, const char* name, PyFlavour py) {
  if (obj.is_string()) throw ActionError(pyerr::str_indices(py));
  if (obj.is_array()) throw ActionError("list indices must be integers or slices, not str");
  if (!obj.is_object()) throw ActionError("'" + std::string(pyjson::type_name(obj)) + "' object is not subscriptable");
  const json::value* v = obj.as_object().if_contains(name);
  if (!v) throw ActionError(std::string("'") + name + "'");
  return *v;
}

json::value update_model_styling(Session& s, const json::object& params) {
  const json::value& model = params.at("model");
  Notetype nt = model_by_name(s, key(model, "name", s.py_flavour()));
  const json::value& css = key(model, "css", s.py_flavour());
  nt.css = css.is_string() ? std::string(css.as_string()) : pyjson::str(css);
  commit_notetype(s, nt);
  return nullptr;
}

json::value update_model_templates(Session& s, const json::object& params) {
  const json::value& model = params.at("model");
  Notetype nt = model_by_name(s, key(model, "name", s.py_flavour()));
  const json::value& templates = key(model, "templates", s.py_flavour());
  for (auto& t : nt.templates) {
    const json::value* update = templates.is_object() ? templates.as_object().if_contains(t.name) : nullptr;
    if (!update || !update->is_object()) continue;
    const json::value* front = update->as_object().if_contains("Front");
    if (front && front->is_string() && !front->as_string().empty()) t.q_format = front->as_string();
    const json::value* back = update->as_object().if_contains("Back");
    if (back && back->is_string() && !back->as_string().empty()) t.a_format = back->as_string();
  }
  commit_notetype(s, nt);
  return nullptr;
}

// Python str.replace, including find == "" (replacement inserted between all characters).
bool replace_all(std::string& text, const std::string& find, const std::string& repl) {
  if (text.find(find) == std::string::npos) return false;
  std::string out;
  if (find.empty()) {
    std::size_t i = 0;
    out += repl;
    while (i < text.size()) {
      std::size_t start = i;
      pyjson::next_code_point(text, i);
      out.append(text, start, i - start);
      out += repl;
    }
  } else {
    std::size_t pos = 0, hit;
    while ((hit = text.find(find, pos)) != std::string::npos) {
      out.append(text, pos, hit - pos);
      out += repl;
      pos = hit + find.size();
    }
    out.append(text, pos);
  }
  text = std::move(out);
  return true;
}

bool py_truthy(const json::value* v, bool dflt) {
  if (!v) return dflt;
  if (v->is_bool()) return v->as_bool();
  if (v->is_null()) return false;
  if (v->is_int64()) return v->as_int64() != 0;
  if (v->is_string()) return !v->as_string().empty();
  return true;
}

json::value find_and_replace_in_models(Session& s, const json::object& params) {
  const json::value& name = params.at("modelName");
  std::vector<std::string> names;
  bool all = name.is_null() || (name.is_string() && name.as_string().empty()) || (name.is_bool() && !name.as_bool());
  if (all) {
    for (const auto& r : rows_in_name_order(s.db())) names.push_back(r.name);
  } else {
    names.push_back(model_by_name(s, name).name);
  }
  std::string find = pyjson::str(params.at("findText"));
  std::string repl = pyjson::str(params.at("replaceText"));
  bool front = py_truthy(params.if_contains("front"), true);
  bool back = py_truthy(params.if_contains("back"), true);
  bool css = py_truthy(params.if_contains("css"), true);
  int64_t updated = 0;
  // One save per note type, each its own operation as in the plugin (an invalid one keeps earlier saves).
  for (const auto& n : names) {
    auto nt = load_notetype_by_name(s.db(), n);
    if (!nt) continue;
    bool hit = false;
    if (css) hit |= replace_all(nt->css, find, repl);
    for (auto& t : nt->templates) {
      if (front) hit |= replace_all(t.q_format, find, repl);
      if (back) hit |= replace_all(t.a_format, find, repl);
    }
    commit_notetype(s, *nt);
    if (hit) ++updated;
  }
  return updated;
}

json::value model_template_rename(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  CardTemplate& t = template_by_name(nt, params.at("oldTemplateName"));
  t.name = pyjson::str(params.at("newTemplateName"));
  commit_notetype(s, nt);
  return nullptr;
}

// A string parameter as the backend would take it from the legacy JSON (non-strings: str()).
std::string text_of(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : pyjson::str(v); }

// The suffix of models.ensure_name_unique: the first 5 hex digits of sha1(str(time.time())).
std::string name_clash_suffix(TimestampMillis now) {
  std::string t = pyjson::float_repr(static_cast<double>(now.v) / 1000.0);
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(t.data()), t.size(), md);
  static const char* kHex = "0123456789abcdef";
  std::string out = "-";
  for (int i = 0; out.size() < 6; ++i) {
    out += kHex[md[i] >> 4];
    if (out.size() < 6) out += kHex[md[i] & 15];
  }
  return out;
}

// models.new_field(name): Arial 20, fresh random id, no ord yet.
NoteField new_field(Session& s, std::string name) {
  NoteField f;
  f.name = std::move(name);
  f.id = static_cast<int64_t>(s.random().next_u64());
  return f;
}

// models.new_template(name) with its formats: a fresh random id, no ord yet.
CardTemplate new_template(Session& s, std::string name, std::string qfmt, std::string afmt) {
  CardTemplate t;
  t.name = std::move(name);
  t.q_format = std::move(qfmt);
  t.a_format = std::move(afmt);
  t.id = static_cast<int64_t>(s.random().next_u64());
  return t;
}

json::value create_model(Session& s, const json::object& params) {
  const json::value& name = params.at("modelName");
  const json::value& fields = params.at("inOrderFields");
  const json::value& templates = params.at("cardTemplates");
  if (fields.is_array() && fields.as_array().empty())
    throw ActionError("Must provide at least one field for inOrderFields");
  if (templates.is_array() && templates.as_array().empty())
    throw ActionError("Must provide at least one card for cardTemplates");
  for (const auto& r : storage::all_notetypes(s.db()))
    if (name.is_string() && r.name == name.as_string()) throw ActionError("Model name already exists");

  // models.new(name): the stock Basic with its fields and templates taken away.
  auto stock = stock_notetype(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC, s.random());
  Notetype nt;
  nt.name = text_of(name);
  nt.css = stock.config.css();
  nt.latex_pre = stock.config.latex_pre();
  nt.latex_post = stock.config.latex_post();
  nt.original_stock_kind = stock.config.original_stock_kind();
  if (py_truthy(params.if_contains("isCloze"), false)) nt.kind = NotetypeKind::Cloze;
  if (fields.is_array())
    for (const auto& f : fields.as_array()) {
      if (!f.is_string()) throw ActionError("");  // models.new_field's assert
      nt.fields.push_back(new_field(s, std::string(f.as_string())));
    }
  const json::value* css = params.if_contains("css");
  if (css && !css->is_null()) nt.css = css->is_string() ? std::string(css->as_string()) : std::string();
  if (templates.is_array()) {
    int count = 1;
    for (const auto& card : templates.as_array()) {
      std::string card_name = "Card " + std::to_string(count);
      if (!card.is_object() && !card.is_string() && !card.is_array())  // `'Name' in card`
        throw ActionError("argument of type '" + std::string(pyjson::type_name(card)) + "' is not iterable");
      if (card.is_object() && card.as_object().contains("Name")) card_name = text_of(card.as_object().at("Name"));
      ++count;
      std::string front = text_of(key(card, "Front", s.py_flavour()));
      std::string back = text_of(key(card, "Back", s.py_flavour()));
      nt.templates.push_back(new_template(s, std::move(card_name), std::move(front), std::move(back)));
    }
  }
  if (load_notetype_by_name(s.db(), nt.name)) nt.name += name_clash_suffix(s.clock().now());
  auto tx = s.write();
  add_notetype(s.db(), nt, tx, s.clock().now());
  tx.commit();
  return notetype_to_schema11(*load_notetype(s.db(), nt.id));
}

json::value model_template_add(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  const json::value& tmpl = params.at("template");
  std::string name = text_of(key(tmpl, "Name", s.py_flavour()));
  std::string front = text_of(key(tmpl, "Front", s.py_flavour()));
  std::string back = text_of(key(tmpl, "Back", s.py_flavour()));
  // Q18: the plugin edits an existing template of that name in its cached copy only and returns
  // without saving; nothing reaches the collection.
  for (const auto& t : nt.templates)
    if (t.name == name) return nullptr;
  nt.templates.push_back(new_template(s, std::move(name), std::move(front), std::move(back)));
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_template_remove(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  CardTemplate& t = template_by_name(nt, params.at("templateName"));
  if (nt.templates.size() <= 1) throw ActionError("must have 1 template");
  nt.templates.erase(nt.templates.begin() + (&t - nt.templates.data()));
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_template_reposition(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  std::size_t from = &template_by_name(nt, params.at("templateName")) - nt.templates.data();
  if (auto to = python_reposition_target(params.at("index"), from, nt.templates.size()))
    move_item(nt.templates, from, *to);
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_field_rename(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  field_by_name(nt, params.at("oldFieldName")).name = text_of(params.at("newFieldName"));
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_field_reposition(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  std::size_t from = &field_by_name(nt, params.at("fieldName")) - nt.fields.data();
  if (auto to = python_reposition_target(params.at("index"), from, nt.fields.size())) move_item(nt.fields, from, *to);
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_field_add(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  const json::value& name = params.at("fieldName");
  auto find = [&]() -> std::optional<std::size_t> {
    std::optional<std::size_t> last;  // models.field_map: the last field of that name wins
    for (std::size_t i = 0; i < nt.fields.size(); ++i)
      if (name.is_string() && nt.fields[i].name == name.as_string()) last = i;
    return last;
  };
  if (!find()) {
    if (!name.is_string()) throw ActionError("");  // models.new_field's assert
    nt.fields.push_back(new_field(s, std::string(name.as_string())));
  }
  const json::value* index = params.if_contains("index");
  if (index && !index->is_null()) {
    std::size_t from = *find();
    if (auto to = python_reposition_target(*index, from, nt.fields.size())) move_item(nt.fields, from, *to);
  }
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_field_remove(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  NoteField& f = field_by_name(nt, params.at("fieldName"));
  nt.fields.erase(nt.fields.begin() + (&f - nt.fields.data()));
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_field_set_font(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  NoteField& f = field_by_name(nt, params.at("fieldName"));
  const json::value& font = params.at("font");
  if (!font.is_string()) throw ActionError("font should be a string: " + pyjson::str(font));
  f.font_name = font.as_string();
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_field_set_font_size(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  NoteField& f = field_by_name(nt, params.at("fieldName"));
  const json::value& size = params.at("fontSize");
  if (!(size.is_int64() || size.is_uint64() || size.is_bool()))
    throw ActionError("fontSize should be an integer: " + pyjson::str(size));
  f.font_size = size.is_bool() ? (size.as_bool() ? 1 : 0) : static_cast<uint32_t>(size.to_number<int64_t>());
  commit_notetype(s, nt);
  return nullptr;
}

json::value model_field_set_description(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  NoteField& f = field_by_name(nt, params.at("fieldName"));
  const json::value& d = params.at("description");
  if (!d.is_string()) throw ActionError("description should be a string: " + pyjson::str(d));
  f.description = d.as_string();
  commit_notetype(s, nt);
  return true;
}

constexpr ServiceAction kActions[] = {
    {"modelNames", model_names},
    {"modelNamesAndIds", model_names_and_ids},
    {"findModelsById", find_models_by_id},
    {"findModelsByName", find_models_by_name},
    {"modelNameFromId", model_name_from_id},
    {"modelFieldNames", model_field_names},
    {"modelFieldDescriptions", model_field_descriptions},
    {"modelFieldFonts", model_field_fonts},
    {"modelFieldsOnTemplates", model_fields_on_templates},
    {"modelTemplates", model_templates},
    {"modelStyling", model_styling},
    {"updateModelStyling", update_model_styling},
    {"updateModelTemplates", update_model_templates},
    {"findAndReplaceInModels", find_and_replace_in_models},
    {"createModel", create_model},
    {"modelTemplateRename", model_template_rename},
    {"modelTemplateReposition", model_template_reposition},
    {"modelTemplateAdd", model_template_add},
    {"modelTemplateRemove", model_template_remove},
    {"modelFieldRename", model_field_rename},
    {"modelFieldReposition", model_field_reposition},
    {"modelFieldAdd", model_field_add},
    {"modelFieldRemove", model_field_remove},
    {"modelFieldSetFont", model_field_set_font},
    {"modelFieldSetFontSize", model_field_set_font_size},
    {"modelFieldSetDescription", model_field_set_description},
};

}  // namespace

std::span<const ServiceAction> notetypes_actions() { return kActions; }

}  // namespace ankc::native
