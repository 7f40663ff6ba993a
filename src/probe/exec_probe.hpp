#pragma once
// Readiness decided by a command run inside the container: exit status 0.

#include "probe/probe.hpp"
#include "probe/probe_target.hpp"
#include "util/clock.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dtx::probe {

// Each check runs `command` (argv, no shell) in the container, detached, and polls the exec on
// `clock` until it ends, for at most k_attempt_timeout (address_probes.hpp). ready: exit 0; not_yet: "exit N",
// "still running after 2000ms" (the command is left to finish on its own), or a transient engine error;
// failed: the engine refuses the exec because the container is not running or is gone (the engine's
// message). `name` is what messages call it ("healthcheck" when it runs the Compose healthcheck).
std::unique_ptr<Probe> exec_probe(std::shared_ptr<ProbeTarget> target, util::Clock& clock,
                                  std::vector<std::string> command, std::string name = "exec");

}  // namespace dtx::probe
