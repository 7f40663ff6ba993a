#include "util/environment.hpp"

#include <unistd.h>
#include <cstdlib>

namespace dtx::util {

std::optional<std::string> getenv_value(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

std::vector<std::string> process_environment() {
    std::vector<std::string> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        out.emplace_back(*e);
    }
    return out;
}

}  // namespace dtx::util
