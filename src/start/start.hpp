#pragma once
// Bringing a plan's services up: network, then every service the moment its dependencies reached
// their condition (independent services in parallel), then readiness.

#include "compose/model.hpp"
#include "engine/engine.hpp"
#include "env/connection_env.hpp"
#include "init/init_sql.hpp"
#include "plan/plan.hpp"
#include "probe/probe.hpp"
#include "report/reporter.hpp"
#include "teardown/tracker.hpp"
#include "util/clock.hpp"
#include "util/stop.hpp"

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace dtx::start {

// The readiness probe of a started service (its container id given); the default is the one its
// plan's WaitPlan describes (session/readiness.hpp).
using ProbeFactory = std::function<std::unique_ptr<probe::Probe>(const plan::ServicePlan&, const env::ServiceEndpoint&,
                                                                 const std::string& container_id)>;

struct StartContext {
    engine::Engine& engine;
    report::Reporter& reporter;
    util::Clock& clock;
    teardown::ResourceTracker& tracker;
    ProbeFactory make_probe{};         // empty: the default above
    init::SqlConnector connect_sql{};  // x-dtx.init's SQL connections; empty: session::connect_sql
    util::StopToken stop{};            // a termination signal: what is starting is abandoned (Interrupted)
};

// What `dtx up` found in place and keeps: the network, and containers by service (made from the
// same definition; started again when stopped).
struct Existing {
    bool network = false;
    std::map<std::string, std::string> containers;
};

// Creates the network, then starts each service of `plan` as soon as all its dependencies reached
// their condition (started; healthy = ready; completed successfully), independent ones at the
// same time, and waits until every service is ready (a task others wait on: exited 0). A ready
// service created by this call runs its x-dtx.init steps before it counts as ready for its
// dependants (a container `dtx up` kept was initialised when it was created). The first failure
// cancels the rest. Returns how to reach each service, in plan order.
// Throws SpecError (SQL init on a service that is not a database; before anything is created),
// ReadinessError (naming the service and why, its last logs reported), InitError (naming the
// service and the step), EngineError, or Interrupted.
// `existing` resources are used instead of being created.
std::vector<env::ServiceEndpoint> start_services(const StartContext& ctx, const plan::Plan& plan,
                                                 const compose::Project& project, const Existing& existing = {});

}  // namespace dtx::start
