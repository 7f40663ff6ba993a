#pragma once
// How to reach the services of an environment that is already running (`dtx up`), found on the
// engine by label: the engine is the only state, so nothing is remembered from `up` itself.

#include "compose/model.hpp"
#include "engine/engine.hpp"
#include "env/connection_env.hpp"
#include "plan/plan.hpp"

#include <string>
#include <vector>

namespace dtx::start {

struct RunningServices {
    std::vector<env::ServiceEndpoint> endpoints;  // the running services, in plan order
    std::vector<std::string> notes;               // what was left out and why; that the spec changed since
};

// How the test command reaches a started service: published tcp ports by container port, on the
// main port's host address when it is not a wildcard (else 127.0.0.1), credentials from the spec.
env::ServiceEndpoint container_endpoint(const plan::ServicePlan& sp, const compose::Service& svc,
                                        const engine::ContainerState& state);

// The running containers labelled with run `run_id` of `project`, each of a service `project`
// still has, as endpoints; the kind and main port come from planning `project` with each
// container's image (so ports its EXPOSE declares count). Throws EngineError when listing or
// inspecting fails.
RunningServices running_services(engine::Engine& engine, const compose::Project& project, const std::string& run_id);

}  // namespace dtx::start
