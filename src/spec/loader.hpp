#pragma once
// Reading a Compose file into a Project: parse, check every key, decode, validate references.

#include "spec/model.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dtx::spec {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

struct LoadOptions {
    std::vector<std::string> files;  // empty: discovered in working_dir
    std::string project_name;        // -p; overrides `name:`
    std::string working_dir;         // where discovery looks and the default project name comes from
    EnvLookup lookup_env;            // for `environment` entries without a value
};

struct LoadResult {
    Project project;
    std::vector<std::string> warnings;  // each one complete sentence with its location
};

// Loads and validates the project. Throws SpecError (file:line:column, spec path, how to fix) on
// a missing file, YAML syntax error, unknown key, wrong type, bad value, unknown dependency or cycle.
LoadResult load_project(const LoadOptions& options);

// The first of dtx.yaml, dtx.yml, compose.test.yaml, docker-compose.test.yml, compose.yaml,
// docker-compose.yml that exists in `dir`, or "" when none does.
std::string discover_spec(const std::string& dir);

// A Compose project name from free text (a directory name): lowercase, only [a-z0-9_-], starting
// with a letter or digit. "" when nothing usable is left.
std::string normalize_project_name(const std::string& text);

}  // namespace dtx::spec
