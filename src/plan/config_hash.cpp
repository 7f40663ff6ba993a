#include "plan/config_hash.hpp"

#include "engine/json_containers.hpp"
#include "engine/labels.hpp"
#include "util/sha256.hpp"

namespace dtx::plan {

namespace {
// Fixed, so a newer engine does not make every container look changed.
constexpr const char* k_hash_api_version = "1.45";
}  // namespace

std::string config_hash(const engine::ContainerConfig& spec) {
    engine::ContainerConfig stable = spec;
    stable.labels.erase(engine::label::k_spec_hash);
    stable.labels.erase(engine::label::k_config_hash);
    return util::sha256_hex(engine::json::container_create_body(stable, k_hash_api_version));
}

}  // namespace dtx::plan
