#pragma once
// The Compose healthcheck's test, run by dtx itself at its fast poll rather than at the engine's
// interval.

#include "probe/probe.hpp"
#include "probe/probe_target.hpp"
#include "util/clock.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dtx::probe {

// The argv that runs healthcheck `test` (the engine's form, engine::HealthcheckSpec::test):
// ["CMD", args…] → args; ["CMD-SHELL", line] or a lone string [line] → ["/bin/sh", "-c", line].
// nullopt when there is nothing dtx can run: ["NONE"] (disabled), empty (the image's own
// healthcheck, which dtx does not know), ["CMD"] without a command, or any other shape.
std::optional<std::vector<std::string>> healthcheck_command(const std::vector<std::string>& test);

// An exec probe (exec_probe.hpp: ready on exit 0) named "healthcheck" running healthcheck_command(test);
// nullptr when that is nullopt, so the caller falls back to the next strategy. A disabled
// healthcheck (`disable: true`) must be passed as ["NONE"].
std::unique_ptr<Probe> healthcheck_probe(std::shared_ptr<ProbeTarget> target, util::Clock& clock,
                                         const std::vector<std::string>& test);

}  // namespace dtx::probe
