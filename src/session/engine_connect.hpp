#pragma once
// Reaching the engine named by the environment, with errors a user can act on.

#include "engine/docker_engine.hpp"
#include "spec/loader.hpp"

#include <memory>

namespace dtx::session {

// Builds the engine client for DOCKER_HOST (or the default socket) and negotiates the API version.
// Throws EngineError naming the socket and how to start an engine when it cannot be reached.
std::unique_ptr<engine::DockerEngine> connect_engine(const spec::EnvLookup& lookup_env);

}  // namespace dtx::session
