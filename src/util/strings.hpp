#pragma once
// Small string helpers used across folders.

#include <string>
#include <string_view>
#include <vector>

namespace dtx::util {

// `text` in ASCII lower case.
std::string lower(std::string text);

// The words with `separator` between them: join({"a", "b"}, ", ") is "a, b".
std::string join(const std::vector<std::string>& words, std::string_view separator = " ");

}  // namespace dtx::util
