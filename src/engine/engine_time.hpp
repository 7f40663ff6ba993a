#pragma once
// The engine's timestamps as wall-clock times.

#include "util/clock.hpp"

#include <optional>
#include <string>

namespace dtx::engine {

// An engine timestamp ("2024-05-01T12:34:56.123456789Z", or with a "+02:00" offset) as a wall-clock
// time; nullopt when malformed or the engine's zero time ("0001-01-01T00:00:00Z": never started).
std::optional<util::WallTime> parse_engine_time(const std::string& text);

}  // namespace dtx::engine
