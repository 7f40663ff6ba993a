#include "engine/request_log.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <string_view>

namespace dtx::engine {

namespace {

// Query parameters of the Engine API that can hold a secret in their value.
constexpr std::array<std::string_view, 1> k_secret_parameters = {"buildargs"};

}  // namespace

std::string loggable_path(const std::string& path) {
    auto query = path.find('?');
    if (query == std::string::npos) {
        return path;
    }
    std::string out = path.substr(0, query + 1);
    for (std::size_t begin = query + 1; begin <= path.size();) {
        std::size_t end = std::min(path.find('&', begin), path.size());
        std::string_view pair(path.data() + begin, end - begin);
        auto eq = pair.find('=');
        bool secret = eq != std::string_view::npos && std::find(k_secret_parameters.begin(), k_secret_parameters.end(),
                                                                pair.substr(0, eq)) != k_secret_parameters.end();
        out += begin == query + 1 ? "" : "&";
        out += secret ? std::string(pair.substr(0, eq)) + "=…" : std::string(pair);
        begin = end + 1;
    }
    return out;
}

std::string request_log_line(const std::string& method, const std::string& path, long status,
                             std::chrono::milliseconds took) {
    return fmt::format("engine: {} {} -> {} in {} ms", method, loggable_path(path), status, took.count());
}

}  // namespace dtx::engine
