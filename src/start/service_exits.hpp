#pragma once
// After the test command: the services that stopped with a failure while it ran. A test-runner
// service that exits 3 fails the run even when the command itself (`sleep 3`) succeeded.

#include "compose/model.hpp"
#include "engine/engine.hpp"
#include "env/connection_env.hpp"
#include "report/reporter.hpp"

#include <string>
#include <vector>

namespace dtx::start {

struct ServiceExit {
    std::string service;
    int exit_code = 0;
    bool oom_killed = false;
};

// The services among `endpoints` whose container has exited with a non-zero code or was
// OOM-killed, in the order given, leaving out those whose spec allows it (x-dtx.allow-failure).
// Each one is reported as an error with its last log lines. A container that cannot be inspected
// (removed, engine gone) is not counted: only what is known to have failed is. `decided`: the
// service whose exit code already is the run's (--exit-code-from), left out too.
std::vector<ServiceExit> report_failed_services(engine::Engine& engine, const compose::Project& project,
                                                const std::vector<env::ServiceEndpoint>& endpoints,
                                                report::Reporter& reporter, const std::string& decided = {});

}  // namespace dtx::start
