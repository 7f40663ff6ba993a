#pragma once
// Variable interpolation in spec strings, with Compose v2's semantics (compose-go `template`).

#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dtx::vars {

// The value of a variable, or nullopt when it is unset. A variable set to "" is set.
using VarLookup = std::function<std::optional<std::string>(const std::string&)>;

struct InterpolationResult {
    std::string text;
    // Names used as `$VAR` / `${VAR}` (no modifier) whose lookup was unset: they became "".
    // In order of first use, each once, so the caller can warn once per name.
    std::vector<std::string> unset;
};

// Expands `text`. Names match [A-Za-z_][A-Za-z0-9_]*.
//   $$                → a literal $
//   $VAR, ${VAR}      → the value, or "" (recorded in `unset`) when unset
//   ${VAR:-word}      → word when VAR is unset or empty      ${VAR-word} → word when VAR is unset
//   ${VAR:+word}      → word when VAR is set and non-empty, else ""
//   ${VAR+word}       → word when VAR is set, else ""
//   ${VAR:?word}      → fails when VAR is unset or empty     ${VAR?word} → fails when VAR is unset
// `word` is itself interpolated (so `${A:-${B:-x}}` and `${A:-$B}` nest), and only when it is used;
// braces inside it must balance. A `$` not followed by `$`, `{` or a name start ("$ ", "$1", a
// trailing "$") is kept literally, as compose-go does.
// Fails (Errc::invalid) when a required variable is missing, with compose's message
// "required variable VAR is missing a value[: word]", and on a syntax error ("${", "${}", "${1x}",
// "${A:x}"), saying what is wrong and the byte offset of its `$`. Syntax errors are reported even
// inside a `word` that is not used (compose-go would ignore those).
util::Result<InterpolationResult> interpolate(std::string_view text, const VarLookup& lookup);

// `text` with every `$` doubled, so that interpolating the result gives `text` back.
std::string escape_dollars(std::string_view text);

}  // namespace dtx::vars
