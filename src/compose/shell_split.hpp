#pragma once
// Splits a command string the way Compose does (POSIX shell word rules, no expansion).

#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dtx::compose {

// Words of `text`: whitespace separates, '…' quotes literally, "…" quotes with \" \\ \$ \` escapes,
// a backslash outside quotes escapes the next character. Fails on an unterminated quote.
util::Result<std::vector<std::string>> shell_split(std::string_view text);

}  // namespace dtx::compose
