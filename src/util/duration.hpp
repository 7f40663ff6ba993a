#pragma once
// Durations as Compose writes them: "1m30s", "500ms", "10s", "1.5s", "2h"; a bare number is seconds.

#include "util/result.hpp"

#include <chrono>
#include <string_view>

namespace dtx::util {

// Fails with a message naming the text and the accepted units (h, m, s, ms, us, ns).
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace dtx::util
