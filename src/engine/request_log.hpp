#pragma once
// The line -vv writes for each engine request: method, path, status, duration. Never a body.

#include <chrono>
#include <string>

namespace dtx::engine {

// "engine: GET /v1.43/containers/json?all=1 -> 200 in 3 ms". Query parameters whose values may
// carry secrets (buildargs: build arguments such as a token) are written as "buildargs=…".
std::string request_log_line(const std::string& method, const std::string& path, long status,
                             std::chrono::milliseconds took);

// The path with those values left out, as request_log_line writes it.
std::string loggable_path(const std::string& path);

}  // namespace dtx::engine
