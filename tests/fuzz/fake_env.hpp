#pragma once
// The fixed environment the fuzz targets interpolate with: a few names set (one to "", one to a
// value holding `$`, which must not be expanded again), every other name unset.

#include <map>
#include <optional>
#include <string>

namespace dtx::fuzz {

inline std::optional<std::string> fake_lookup(const std::string& name) {
    static const std::map<std::string, std::string> k_env = {
        {"HOME", "/home/fuzz"},
        {"USER", "fuzz"},
        {"TAG", "1.0"},
        {"PORT", "5432"},
        {"EMPTY", ""},
        {"SET", "value"},
        {"A", "a"},
        {"B", "${A}$$x"},
        {"PG_VERSION", "16"},
        {"FROM_ENV", "from the environment"},
        {"COMPOSE_PROFILES", "debug,test"},
    };
    auto it = k_env.find(name);
    return it == k_env.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace dtx::fuzz
