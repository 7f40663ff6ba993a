#pragma once
// The run's bridge network.

#include "engine/engine.hpp"
#include "session/plan.hpp"

namespace dtx::session {

// Creates the network `plan.network` with the plan's labels. Throws EngineError on failure.
void create_run_network(engine::Engine& engine, const Plan& plan);

}  // namespace dtx::session
