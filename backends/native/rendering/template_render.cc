// Template rendering.
#include "backends/native/rendering/template_render.h"

#include "backends/native/rendering/filters.h"
#include "backends/native/rendering/html_text.h"

namespace ankc::native::rendering {
namespace {

// `c` followed by an unsigned number that fits in 32 bits (Rust's u32 parse: optional '+').
bool is_cloze_conditional(std::string_view key) {
  if (key.empty() || key[0] != 'c') return false;
  std::string_view digits = key.substr(1);
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  if (digits.empty()) return false;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
    if (value > 0xFFFFFFFFull) return false;
  }
  return true;
}

std::string written_filters(const std::vector<std::string>& filters) {
  // Template order (leftmost first), each followed by ':'.
  std::string out;
  for (auto it = filters.rbegin(); it != filters.rend(); ++it) out += *it + ":";
  return out;
}

class Renderer {
 public:
  explicit Renderer(const RenderContext& ctx) : ctx_(ctx) {}

  // Renders `nodes` into `out` (or only checks them when `out` is null).
  std::optional<std::string> render(const std::vector<TemplateNode>& nodes,
                                    RenderedTemplate* out) {
    for (const TemplateNode& node : nodes) {
      switch (node.kind) {
        case NodeKind::kText:
          append(out, node.text);
          break;
        case NodeKind::kComment:
          append(out, "<!--");
          append(out, node.text);
          append(out, "-->");
          break;
        case NodeKind::kReplacement:
          if (auto error = replace(node, out)) return error;
          break;
        case NodeKind::kConditional:
        case NodeKind::kNegatedConditional: {
          bool negated = node.kind == NodeKind::kNegatedConditional;
          bool nonempty = ctx_.nonempty->count(node.text) > 0;
          if (!nonempty && !ctx_.fields->count(node.text) && !is_cloze_conditional(node.text)) {
            return "Found '{{" + std::string(negated ? "^" : "#") + node.text +
                   "}}', but there is no field called '" + node.text + "'";
          }
          bool enter = nonempty != negated;
          if (auto error = render(node.children, enter ? out : nullptr)) return error;
          break;
        }
      }
    }
    return std::nullopt;
  }

 private:
  static void append(RenderedTemplate* out, std::string_view text) {
    if (out) out->pieces.back().append(text);
  }

  std::optional<std::string> replace(const TemplateNode& node, RenderedTemplate* out) {
    if (node.text == "FrontSide") {
      if (out) out->pieces.emplace_back();
      return std::nullopt;
    }
    if (node.text.empty() && !node.filters.empty()) return std::nullopt;  // add-on territory
    auto field = ctx_.fields->find(node.text);
    if (field == ctx_.fields->end()) {
      return "Found '{{" + written_filters(node.filters) + node.text +
             "}}', but there is no field called '" + node.text + "'";
    }
    if (out) {
      FilterContext fctx{ctx_.card_ord, ctx_.question_side};
      append(out, apply_filters(field->second, node.filters, node.text, fctx));
    }
    return std::nullopt;
  }

  const RenderContext& ctx_;
};

}  // namespace

NameSet nonempty_fields(const FieldMap& fields) {
  NameSet out;
  for (const auto& [name, value] : fields) {
    if (!field_is_empty(value)) out.insert(name);
  }
  return out;
}

std::string RenderedTemplate::join(std::string_view front_side) const {
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i) out.append(front_side);
    out += pieces[i];
  }
  return out;
}

RenderResult render_template(const ParsedTemplate& tmpl, const RenderContext& ctx) {
  RenderResult result;
  Renderer renderer(ctx);
  result.error = renderer.render(tmpl.nodes, &result.output);
  return result;
}

}  // namespace ankc::native::rendering
