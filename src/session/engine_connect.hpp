#pragma once
// Reaching the engine named by the environment, with errors a user can act on.

#include "engine/docker_engine.hpp"
#include "load/loader.hpp"

#include <memory>

namespace dtx::session {

// Builds the engine client for the endpoint the environment names (DOCKER_HOST with its TLS variables,
// DOCKER_CONTEXT, the docker CLI's current context, else the default socket; see
// engine::resolve_endpoint) and negotiates the API version. Throws EngineError with the resolver's
// message when the settings are wrong, and naming the socket and how to start an engine (or, for a
// TLS endpoint, what to check) when it cannot be reached.
std::unique_ptr<engine::DockerEngine> connect_engine(const load::EnvLookup& lookup_env);

}  // namespace dtx::session
