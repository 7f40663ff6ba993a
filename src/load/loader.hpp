#pragma once
// Reading Compose files into a Project: parse, interpolate, decode every key, validate references.

#include "compose/model.hpp"
#include "util/env_lookup.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dtx::load {

using EnvLookup = util::EnvLookup;

struct LoadOptions {
    std::vector<std::string> files;        // empty: discovered in working_dir, with its override file
    std::string project_name;              // -p; overrides COMPOSE_PROJECT_NAME and `name:`
    std::string working_dir;               // where discovery looks
    EnvLookup lookup_env;                  // the process environment
    std::vector<std::string> profiles;     // --profile; COMPOSE_PROFILES is read through lookup_env when empty
    std::vector<std::string> services;     // named on the command line: active whatever their profiles
    std::vector<std::string> env_files{};  // --env-file, in order; empty: the .env beside the first file
};

struct LoadResult {
    compose::Project project;
    std::vector<std::string> warnings;  // each one complete sentence with its location
    std::vector<std::string> errors;    // every problem found; empty when the spec is valid
};

// Loads and validates the project, collecting every error it can find.
LoadResult load_spec(const LoadOptions& options);

// load_spec, then throws SpecError listing all errors when there are any.
LoadResult load_project(const LoadOptions& options);

// The first of dtx.yaml, dtx.yml, compose.test.yaml, docker-compose.test.yml, compose.yaml,
// docker-compose.yml that exists in `dir`, or "" when none does.
std::string discover_spec(const std::string& dir);

// A Compose project name from free text (a directory name): lowercase, only [a-z0-9_-], starting
// with a letter or digit. "" when nothing usable is left.
std::string normalize_project_name(const std::string& text);

}  // namespace dtx::load
