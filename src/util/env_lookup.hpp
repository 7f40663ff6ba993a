#pragma once
// A variable of the environment, or nullopt when it is unset: a function, so code that reads the
// environment (interpolation, DOCKER_HOST, the docker config) is tested without touching the real one.

#include <functional>
#include <optional>
#include <string>

namespace dtx::util {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

}  // namespace dtx::util
