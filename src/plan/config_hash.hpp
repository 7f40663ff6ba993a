#pragma once
// A fingerprint of a container's definition, so `dtx up` recreates only services that changed.

#include "engine/types.hpp"

#include <string>

namespace dtx::plan {

// Hex SHA-256 of everything the engine is asked to create, except labels that change without the
// service changing (the whole file's hash, this hash itself). Equal specs give equal hashes.
std::string config_hash(const engine::ContainerConfig& spec);

}  // namespace dtx::plan
