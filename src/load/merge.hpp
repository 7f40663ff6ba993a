#pragma once
// Compose's merge of several files (and of a service over the one it extends), on located trees.

#include "yaml/tree.hpp"

namespace dtx::load {

// Merges `override` into `base` with Compose v2's rules:
//  - mappings merge by key; a scalar or a differently typed value replaces;
//  - service `command`, `entrypoint`, `healthcheck.test` are replaced;
//  - `environment`, `labels`, `build.args`, `extra_hosts` (list or mapping form) merge by name;
//  - `depends_on` and `networks` (list or mapping form) merge by name;
//  - `volumes` merge by target, `ports` append without exact duplicates, other lists append
//    without duplicates;
//  - a value tagged `!override` replaces instead of merging; `!reset` removes the key.
// `base` and `override` are whole files: their `services:` entries merge as services.
void merge_files(yaml::Node& base, const yaml::Node& override);

// Merges one service definition over another (extends): same rules as for a service in files.
void merge_service(yaml::Node& base, const yaml::Node& override);

// Removes keys whose value is tagged `!reset` (the rest of the tree is left as it is).
void apply_resets(yaml::Node& node);

}  // namespace dtx::load
