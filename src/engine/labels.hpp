#pragma once
// Every label dtx writes or filters on, in one place.

#include "engine/types.hpp"

#include <string>

namespace dtx::engine::label {

// The value of label `key` in `labels`; empty when it is not there.
inline std::string value_of(const Labels& labels, const char* key) {
    auto it = labels.find(key);
    return it == labels.end() ? std::string() : it->second;
}

inline constexpr const char* k_run = "dev.dtx.run";
inline constexpr const char* k_project = "dev.dtx.project";
inline constexpr const char* k_service = "dev.dtx.service";
inline constexpr const char* k_spec_hash = "dev.dtx.spec-hash";
// Per container: its definition's fingerprint (session/config_hash.hpp), for `dtx up`.
inline constexpr const char* k_config_hash = "dev.dtx.config-hash";
// Per container of `dtx up`: the id of the image it was made from, part of its config hash.
inline constexpr const char* k_image_id = "dev.dtx.image-id";
inline constexpr const char* k_owner_pid = "dev.dtx.owner-pid";
inline constexpr const char* k_owner_host = "dev.dtx.owner-host";

// Compose's own labels, so `docker compose -p <run id> ps` and `logs` see a dtx environment.
inline constexpr const char* k_compose_project = "com.docker.compose.project";
inline constexpr const char* k_compose_service = "com.docker.compose.service";
inline constexpr const char* k_compose_number = "com.docker.compose.container-number";
inline constexpr const char* k_compose_oneoff = "com.docker.compose.oneoff";
inline constexpr const char* k_compose_network = "com.docker.compose.network";
inline constexpr const char* k_compose_config_files = "com.docker.compose.project.config_files";
inline constexpr const char* k_compose_working_dir = "com.docker.compose.project.working_dir";

}  // namespace dtx::engine::label
