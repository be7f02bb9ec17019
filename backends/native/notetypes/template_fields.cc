#include "backends/native/notetypes/template_fields.h"

#include <algorithm>
#include <cstdint>

namespace ankc::native {

using rendering::NodeKind;
using rendering::TemplateNode;

namespace {

// Rust's `key.strip_prefix('c').is_some_and(|s| s.parse::<u32>().is_ok())`.
bool is_cloze_conditional(const std::string& key) {
  if (key.empty() || key[0] != 'c') return false;
  std::size_t i = 1;
  if (i < key.size() && key[i] == '+') ++i;
  if (i == key.size()) return false;
  uint64_t value = 0;
  for (; i < key.size(); ++i) {
    if (key[i] < '0' || key[i] > '9') return false;
    value = value * 10 + static_cast<uint64_t>(key[i] - '0');
    if (value > UINT32_MAX) return false;
  }
  return true;
}

void add_once(std::vector<std::string>& out, const std::string& name) {
  if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
}

void find_references(const std::vector<TemplateNode>& nodes, bool cloze_only, bool with_conditionals,
                     std::vector<std::string>& out) {
  for (const auto& node : nodes) {
    switch (node.kind) {
      case NodeKind::kText:
      case NodeKind::kComment:
        break;
      case NodeKind::kReplacement:
        if (!cloze_only || std::find(node.filters.begin(), node.filters.end(), "cloze") != node.filters.end())
          add_once(out, node.text);
        break;
      case NodeKind::kConditional:
      case NodeKind::kNegatedConditional:
        if (with_conditionals && !is_cloze_conditional(node.text)) add_once(out, node.text);
        find_references(node.children, cloze_only, with_conditionals, out);
        break;
    }
  }
}

std::vector<TemplateNode> rewrite(std::vector<TemplateNode> nodes, const FieldChanges& changes) {
  std::vector<TemplateNode> out;
  for (auto& node : nodes) {
    if (node.kind == NodeKind::kText || node.kind == NodeKind::kComment) {
      out.push_back(std::move(node));
      continue;
    }
    if (node.kind != NodeKind::kReplacement) node.children = rewrite(std::move(node.children), changes);
    auto change = changes.find(node.text);
    if (change == changes.end()) {
      out.push_back(std::move(node));
    } else if (change->second) {
      node.text = *change->second;
      out.push_back(std::move(node));
    } else if (node.kind != NodeKind::kReplacement) {
      for (auto& child : node.children) out.push_back(std::move(child));
    }
  }
  return out;
}

void write_nodes(std::string& buf, const std::vector<TemplateNode>& nodes) {
  for (const auto& node : nodes) {
    switch (node.kind) {
      case NodeKind::kText:
        buf += node.text;
        break;
      case NodeKind::kComment:
        buf += "<!--" + node.text + "-->";
        break;
      case NodeKind::kReplacement:
        buf += "{{";
        for (auto it = node.filters.rbegin(); it != node.filters.rend(); ++it) buf += *it + ":";
        buf += node.text + "}}";
        break;
      case NodeKind::kConditional:
      case NodeKind::kNegatedConditional:
        buf += (node.kind == NodeKind::kConditional ? "{{#" : "{{^") + node.text + "}}";
        write_nodes(buf, node.children);
        buf += "{{/" + node.text + "}}";
        break;
    }
  }
}

}  // namespace

std::vector<std::string> referenced_field_names(const rendering::ParsedTemplate& tmpl, bool with_conditionals) {
  std::vector<std::string> out;
  find_references(tmpl.nodes, false, with_conditionals, out);
  return out;
}

std::vector<std::string> referenced_cloze_field_names(const rendering::ParsedTemplate& tmpl) {
  std::vector<std::string> out;
  find_references(tmpl.nodes, true, false, out);
  return out;
}

bool has_top_level_cloze_replacement(const rendering::ParsedTemplate& tmpl) {
  for (const auto& node : tmpl.nodes)
    if (node.kind == NodeKind::kReplacement &&
        std::find(node.filters.begin(), node.filters.end(), "cloze") != node.filters.end())
      return true;
  return false;
}

void rename_and_remove_fields(rendering::ParsedTemplate& tmpl, const FieldChanges& changes) {
  tmpl.nodes = rewrite(std::move(tmpl.nodes), changes);
}

std::string template_to_string(const rendering::ParsedTemplate& tmpl) {
  std::string buf;
  write_nodes(buf, tmpl.nodes);
  return buf;
}

}  // namespace ankc::native
