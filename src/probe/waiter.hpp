#pragma once
// The one poll loop: probe, back off, watch the deadline, stop at once when the container is gone.

#include "probe/probe.hpp"
#include "util/clock.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace dtx::probe {

struct WaitOptions {
    util::Duration timeout = std::chrono::seconds(60);
    util::Duration first_interval = std::chrono::milliseconds(10);
    util::Duration max_interval = std::chrono::milliseconds(250);
    double backoff = 1.25;  // each pause is this much longer than the last, up to max_interval
};

// Returns why waiting is pointless (the container exited, dtx is interrupted), or nullopt to go on.
using StopCheck = std::function<std::optional<std::string>()>;

struct WaitOutcome {
    bool ready = false;
    std::string reason;  // when not ready: e.g. "not ready after 60s (postgres: connection refused)"
    util::Duration elapsed{};
    int attempts = 0;
};

WaitOutcome wait_until_ready(Probe& probe, util::Clock& clock, const WaitOptions& options, const StopCheck& stop);

}  // namespace dtx::probe
