#include "backends/native/notetypes/service.h"

#include <boost/json/array.hpp>
#include <regex>
#include <string>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/collection/stock_notetypes.h"
#include "backends/native/decks/py_int.h"
#include "backends/native/notetypes/notetype_ops.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/notetypes/schema11.h"
#include "backends/native/session.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/unicase.h"
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

// Saves nt in its own transaction; schema=true for changes that force a full sync (§8.19).
void commit_notetype(Session& s, Notetype& nt, bool schema) {
  auto tx = s.write();
  save_notetype(s.db(), nt, s.clock().now());
  if (schema)
    tx.mark_schema_changed();
  else
    tx.mark_changed();
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
    if (!v.is_null()) nt = load_notetype(s.db(), NotetypeId{py_int(v)});
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
  if (!v.is_null()) nt = load_notetype(s.db(), NotetypeId{py_int(v)});
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

// The plugin's textual scan: `{{[^#/}]+?}}`, braces removed, last ':' part, FrontSide skipped, answer
// side skips names already on the question side.
json::value model_fields_on_templates(Session& s, const json::object& params) {
  static const std::regex kRef("\\{\\{[^#/}]+?\\}\\}");
  json::object out;
  for (const auto& t : model_by_name(s, params.at("modelName")).templates) {
    std::vector<std::string> question;
    json::array sides;
    for (int side = 0; side < 2; ++side) {
      const std::string& fmt = side == 0 ? t.q_format : t.a_format;
      json::array names;
      for (std::sregex_iterator it(fmt.begin(), fmt.end(), kRef), end; it != end; ++it) {
        std::string m;
        for (char c : it->str())
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

const json::value& key(const json::value& obj, const char* name) {
  if (!obj.is_object()) throw ActionError("string indices must be integers, not 'str'");
  const json::value* v = obj.as_object().if_contains(name);
  if (!v) throw ActionError(std::string("'") + name + "'");
  return *v;
}

json::value update_model_styling(Session& s, const json::object& params) {
  const json::value& model = params.at("model");
  Notetype nt = model_by_name(s, key(model, "name"));
  const json::value& css = key(model, "css");
  nt.css = css.is_string() ? std::string(css.as_string()) : pyjson::str(css);
  commit_notetype(s, nt, false);
  return nullptr;
}

json::value update_model_templates(Session& s, const json::object& params) {
  const json::value& model = params.at("model");
  Notetype nt = model_by_name(s, key(model, "name"));
  const json::value& templates = key(model, "templates");
  for (auto& t : nt.templates) {
    const json::value* update = templates.is_object() ? templates.as_object().if_contains(t.name) : nullptr;
    if (!update || !update->is_object()) continue;
    const json::value* front = update->as_object().if_contains("Front");
    if (front && front->is_string() && !front->as_string().empty()) t.q_format = front->as_string();
    const json::value* back = update->as_object().if_contains("Back");
    if (back && back->is_string() && !back->as_string().empty()) t.a_format = back->as_string();
  }
  commit_notetype(s, nt, false);
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
  auto tx = s.write();
  for (const auto& n : names) {
    auto nt = load_notetype_by_name(s.db(), n);
    if (!nt) continue;
    bool hit = false;
    if (css) hit |= replace_all(nt->css, find, repl);
    for (auto& t : nt->templates) {
      if (front) hit |= replace_all(t.q_format, find, repl);
      if (back) hit |= replace_all(t.a_format, find, repl);
    }
    save_notetype(s.db(), *nt, s.clock().now());
    if (hit) ++updated;
  }
  tx.mark_changed();
  tx.commit();
  return updated;
}

json::value model_template_rename(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  CardTemplate& t = template_by_name(nt, params.at("oldTemplateName"));
  t.name = pyjson::str(params.at("newTemplateName"));
  commit_notetype(s, nt, false);
  return nullptr;
}

json::value model_field_set_font(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  NoteField& f = field_by_name(nt, params.at("fieldName"));
  const json::value& font = params.at("font");
  if (!font.is_string()) throw ActionError("font should be a string: " + pyjson::str(font));
  f.font_name = font.as_string();
  commit_notetype(s, nt, false);
  return nullptr;
}

json::value model_field_set_font_size(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  NoteField& f = field_by_name(nt, params.at("fieldName"));
  const json::value& size = params.at("fontSize");
  if (!(size.is_int64() || size.is_uint64() || size.is_bool()))
    throw ActionError("fontSize should be an integer: " + pyjson::str(size));
  f.font_size = size.is_bool() ? (size.as_bool() ? 1 : 0) : static_cast<uint32_t>(size.to_number<int64_t>());
  commit_notetype(s, nt, false);
  return nullptr;
}

json::value model_field_set_description(Session& s, const json::object& params) {
  Notetype nt = model_by_name(s, params.at("modelName"));
  NoteField& f = field_by_name(nt, params.at("fieldName"));
  const json::value& d = params.at("description");
  if (!d.is_string()) throw ActionError("description should be a string: " + pyjson::str(d));
  f.description = d.as_string();
  commit_notetype(s, nt, false);
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
    {"modelTemplateRename", model_template_rename},
    {"modelFieldSetFont", model_field_set_font},
    {"modelFieldSetFontSize", model_field_set_font_size},
    {"modelFieldSetDescription", model_field_set_description},
};

}  // namespace

std::span<const ServiceAction> notetypes_actions() { return kActions; }

}  // namespace ankc::native
