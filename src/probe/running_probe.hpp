#pragma once
// Readiness of a service with nothing to connect to: its container is running.

#include "probe/probe.hpp"
#include "probe/probe_target.hpp"

#include <memory>
#include <string>

namespace dtx::probe {

// Ready while the container runs; failed once it has stopped.
std::unique_ptr<Probe> running_probe(std::shared_ptr<ProbeTarget> target);

}  // namespace dtx::probe
