#pragma once
// Bringing a plan's services up: network, then every service the moment its dependencies reached
// their condition (independent services in parallel), then readiness.

#include "engine/engine.hpp"
#include "probe/probe.hpp"
#include "session/connection_env.hpp"
#include "session/plan.hpp"
#include "session/reporter.hpp"
#include "session/tracker.hpp"
#include "spec/model.hpp"
#include "util/clock.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace dtx::session {

// The readiness probe of a started service (its container id given); the default is the native
// probe of the service's kind on its main port, else "the container is running".
using ProbeFactory = std::function<std::unique_ptr<probe::Probe>(const ServicePlan&, const ServiceEndpoint&,
                                                                 const std::string& container_id)>;

struct StartContext {
    engine::Engine& engine;
    Reporter& reporter;
    util::Clock& clock;
    ResourceTracker& tracker;
    ProbeFactory make_probe{};  // empty: the default above
};

// Creates the network, then starts each service of `plan` as soon as all its dependencies reached
// their condition (started; healthy = ready; completed successfully), independent ones at the
// same time, and waits until every service is ready (a task others wait on: exited 0). The first
// failure cancels the rest. Returns how to reach each service, in plan order.
// Throws ReadinessError (naming the service and why, its last logs reported), EngineError, or
// Interrupted.
std::vector<ServiceEndpoint> start_services(const StartContext& ctx, const Plan& plan, const spec::Project& project);

}  // namespace dtx::session
