#pragma once
// The process environment, read once, as lookups and as "K=V" entries.

#include <optional>
#include <string>
#include <vector>

namespace dtx::util {

std::optional<std::string> getenv_value(const std::string& name);
std::vector<std::string> process_environment();

}  // namespace dtx::util
