#pragma once
// In place of a command, once the services are up: following them until a container exits, as
// `docker compose up --exit-code-from / --abort-on-container-exit` does.

#include "compose/model.hpp"
#include "engine/engine.hpp"
#include "plan/plan.hpp"
#include "report/reporter.hpp"
#include "util/stop.hpp"

#include <cstdio>
#include <string>

namespace dtx::start {

struct WatchRequest {
    std::string exit_code_from;            // the runner: its output is shown, its exit code is the result
    bool abort_on_container_exit = false;  // every running service's output is shown; the first exit ends it

    bool active() const { return !exit_code_from.empty() || abort_on_container_exit; }
};

struct WatchOutcome {
    std::string exited;   // the first service that exited (interrupted: the stopped runner); empty: none did
    int exit_code = 0;    // the runner's when there is one, else `exited`'s
    std::string decided;  // whose exit code that is: the runner, else `exited`
};

// Follows the output of the plan's containers (service | line) until the runner exits, or with
// abort_on_container_exit until any container running now exits; a runner still running then is
// stopped (its stop signal, then SIGKILL after its stop_grace_period, 10 s by default), its output
// followed to the end, and its exit code is the result. A stop request ends the watch too,
// stopping the runner the same way.
// Nothing else is stopped here: the teardown removes it. Throws EngineError when the runner's
// container cannot be found or stopped.
WatchOutcome watch_until_exit(engine::Engine& engine, const plan::Plan& plan, const compose::Project& project,
                              const WatchRequest& request, std::FILE* out, const util::StopToken& stop,
                              report::Reporter& reporter);

}  // namespace dtx::start
