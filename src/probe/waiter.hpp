#pragma once
// The one poll loop: probe, back off, watch the deadline, stop at once when the container is gone.

#include "probe/probe.hpp"
#include "util/clock.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace dtx::probe {

// The pause between attempts grows with the time waited so far: `share` of it, at least
// first_interval and at most max_interval. So a service is seen ready at most ~share late (2%: a
// postgres ready after 1.6 s is seen within ~32 ms, where a ×1.25 back-off would be at 250 ms
// pauses by then), while a service that takes long is not polled hard.
struct WaitOptions {
    util::Duration timeout = std::chrono::seconds(60);
    util::Duration first_interval = std::chrono::milliseconds(10);
    util::Duration max_interval = std::chrono::milliseconds(250);
    double share = 0.02;
    // Called after each attempt that found the service not ready yet, with the probe's reason
    // ("postgres: connection refused") and the time waited so far (-v logs it, throttled).
    std::function<void(const std::string& reason, util::Duration waited)> on_not_ready{};
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
