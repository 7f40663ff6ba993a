#pragma once
// An environment of exactly the given variables, for code that takes a util::EnvLookup: tests
// never read (or depend on) the real environment.

#include "util/env_lookup.hpp"

#include <map>
#include <string>

namespace dtx::fakes {

inline dtx::util::EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

}  // namespace dtx::fakes
