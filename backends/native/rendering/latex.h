// LaTeX tags (rendering.md §9): [latex]…[/latex], [$]…[/$] and [$$]…[/$$] become
// <img class=latex …> references to latex-SHA1.png/.svg media files. A server cannot run LaTeX,
// so a missing image adds Anki's "generation is disabled" sentence.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::rendering {

struct LatexExtraction {
  std::string text;                    // with <img> tags in place of LaTeX
  std::vector<std::string> filenames;  // referenced media files, in order
};

// Replaces every LaTeX tag by its image reference (svg or png).
LatexExtraction extract_latex(std::string_view text, bool svg);

// What card.question()/answer() show: extract_latex, then, if some image is missing from the
// media folder (`media_has` false), "LaTeX image generation is disabled in the preferences."
// appended once.
std::string render_latex(std::string_view text, bool svg,
                         const std::function<bool(const std::string&)>& media_has);

}  // namespace ankc::native::rendering
