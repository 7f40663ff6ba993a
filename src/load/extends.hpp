#pragma once
// `extends:` — a service built on another one, from the same file or from `file:`.

#include "compose/decode_context.hpp"
#include "yaml/tree.hpp"

#include <functional>
#include <optional>

namespace dtx::load {

// Reads, parses and interpolates another spec file (path relative to the project directory);
// nullopt after recording an error when it cannot.
using FileLoader = std::function<std::optional<yaml::Node>(const std::string& path, const yaml::Node& at)>;

// Replaces every service that has `extends` by its base merged with its own definition (Compose's
// merge rules), bases first, recursively. Records an error for an unknown base service or file,
// a bad `extends` value, or a cycle (`a -> b -> a`).
void resolve_extends(compose::DecodeContext& ctx, yaml::Node& root, const FileLoader& load_file);

}  // namespace dtx::load
