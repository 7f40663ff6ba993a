#include "load/override_files.hpp"

#include "util/file.hpp"

#include <array>
#include <filesystem>
#include <string_view>

namespace fs = std::filesystem;

namespace dtx::load {

namespace {

constexpr auto k_compose_specs =
    std::to_array<std::string_view>({"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"});
// compose-go's DefaultOverrideFileNames: it takes the first present, not the one paired with the spec.
constexpr auto k_compose_overrides = std::to_array<std::string_view>(
    {"compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"});

std::vector<std::string> candidates(const fs::path& spec) {
    std::string name = spec.filename().string();
    for (auto compose : k_compose_specs) {
        if (name == compose) {
            return {k_compose_overrides.begin(), k_compose_overrides.end()};
        }
    }
    std::string stem = spec.stem().string();
    return {stem + ".override.yaml", stem + ".override.yml"};
}

}  // namespace

std::vector<std::string> override_files_beside(const std::string& spec) {
    fs::path path(spec);
    std::vector<std::string> present;
    for (const auto& name : candidates(path)) {
        std::string candidate = (path.parent_path() / name).string();
        if (util::is_regular_file(candidate)) {
            present.push_back(candidate);
        }
    }
    return present;
}

}  // namespace dtx::load
