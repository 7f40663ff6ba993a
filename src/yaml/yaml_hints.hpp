#pragma once
// What a YAML syntax error means, read from the raw lines: yaml-cpp's own words ("end of map not
// found", "illegal map value") name the parser's state, not the mistake.

#include "yaml/tree.hpp"

#include <optional>
#include <string>

namespace dtx::yaml {

// The error to show for the syntax error yaml-cpp reported on 0-based `line` of
// `text`, when the lines up to it show the mistake: a tab in indentation (at the tab), a key or list
// item not aligned with its siblings (naming the sibling and its place), or a key indented under a
// key that already has a value on its own line. nullopt when they do not: keep yaml-cpp's message.
std::optional<Diagnostic> explain_syntax_error(const std::string& file, const std::string& text, int line);

}  // namespace dtx::yaml
