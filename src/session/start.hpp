#pragma once
// Bringing a plan's services up: network, containers in dependency order, readiness.

#include "engine/engine.hpp"
#include "session/connection_env.hpp"
#include "session/plan.hpp"
#include "session/reporter.hpp"
#include "session/tracker.hpp"
#include "spec/model.hpp"
#include "util/clock.hpp"

#include <chrono>
#include <vector>

namespace dtx::session {

struct StartContext {
    engine::Engine& engine;
    Reporter& reporter;
    util::Clock& clock;
    ResourceTracker& tracker;
};

// Creates the network and every service of `plan`, each after its dependencies reached their
// condition, then waits until all are ready. Returns how to reach each one (in plan order).
// Throws ReadinessError (with the service's last logs reported), EngineError, or Interrupted.
std::vector<ServiceEndpoint> start_services(const StartContext& ctx, const Plan& plan, const spec::Project& project);

}  // namespace dtx::session
