#pragma once
// The override file merged over a discovered spec, as `docker compose` merges compose.override.yaml.

#include <string>
#include <vector>

namespace dtx::load {

// The override files present beside the discovered spec `spec`, the one to merge first; empty when
// there is none. A Compose name (compose.yaml, docker-compose.yml) takes Compose's override names in
// Compose's order, whatever its own name: compose.override.yml, compose.override.yaml,
// docker-compose.override.yml, docker-compose.override.yaml. dtx's own names take their name with
// `.override` before the extension, .yaml first: dtx.override.yaml, dtx.override.yml,
// compose.test.override.yaml, docker-compose.test.override.yml… — never Compose's, which were
// written for compose.yaml.
std::vector<std::string> override_files_beside(const std::string& spec);

}  // namespace dtx::load
