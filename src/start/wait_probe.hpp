#pragma once
// The readiness probe of a planned wait (plan/readiness.hpp), once the container runs.

#include "engine/engine.hpp"
#include "env/connection_env.hpp"
#include "plan/readiness.hpp"
#include "probe/probe.hpp"
#include "util/clock.hpp"

#include <memory>
#include <string>

namespace dtx::start {

// The probe of `plan` for the started container `container_id`, reached through `endpoint`.
// Throws EngineError when a port the plan connects to was not published.
std::unique_ptr<probe::Probe> make_wait_probe(const plan::WaitPlan& plan, engine::Engine& engine, util::Clock& clock,
                                              const env::ServiceEndpoint& endpoint, const std::string& container_id);

}  // namespace dtx::start
