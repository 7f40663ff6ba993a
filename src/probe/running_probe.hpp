#pragma once
// Readiness of a service with nothing to connect to: its container is running.

#include "engine/engine.hpp"
#include "probe/probe.hpp"

#include <memory>
#include <string>

namespace dtx::probe {

// Ready while the container runs; failed once it has stopped.
std::unique_ptr<Probe> running_probe(engine::Engine& engine, std::string container_id);

}  // namespace dtx::probe
