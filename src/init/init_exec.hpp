#pragma once
// x-dtx.init's {exec: COMMAND}: a command run in the service's container, waited for, its output kept.

#include "engine/engine.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"
#include "util/stop.hpp"

#include <string>
#include <vector>

namespace dtx::init {

struct ExecOutcome {
    int exit_code = 0;
    std::string output;  // stdout and stderr as interleaved, the last 64 KiB
};

// Runs `command` in container `container_id` and waits until it ends. When `stop` is requested
// meanwhile, the container is killed, so that the command cannot hold the teardown up, and the
// answer is a failure. Fails with the engine's error otherwise.
util::Result<ExecOutcome> exec_and_wait(engine::Engine& engine, util::Clock& clock, const util::StopToken& stop,
                                        const std::string& container_id, const std::vector<std::string>& command);

}  // namespace dtx::init
