#include "probe/waiter.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace dtx::probe {

namespace {

std::string format_duration(util::Duration d) {
    auto ms = util::to_ms(d);
    return ms % 1000 == 0 ? fmt::format("{}s", ms / 1000) : fmt::format("{}ms", ms);
}

}  // namespace

WaitOutcome wait_until_ready(Probe& probe, util::Clock& clock, const WaitOptions& options, const StopCheck& stop) {
    const util::TimePoint start = clock.now();
    const util::TimePoint deadline = start + options.timeout;
    WaitOutcome outcome;
    std::string last_reason = "no attempt finished";
    for (;;) {
        ProbeResult result = probe.check();
        ++outcome.attempts;
        outcome.elapsed = clock.now() - start;
        if (result.state == Readiness::ready) {
            outcome.ready = true;
            return outcome;
        }
        if (result.state == Readiness::failed) {
            // A probe fails mostly because the container stopped; the stop check says so better
            // (exit code, OOM) than the probe's view of it.
            auto why = stop ? stop() : std::nullopt;
            outcome.reason = why ? *why : fmt::format("{}: {}", probe.name(), result.reason);
            return outcome;
        }
        last_reason = result.reason;
        if (options.on_not_ready) {
            options.on_not_ready(fmt::format("{}: {}", probe.name(), result.reason), outcome.elapsed);
        }
        if (stop) {
            if (auto why = stop()) {
                outcome.reason = *why;
                return outcome;
            }
        }
        util::TimePoint now = clock.now();
        if (now >= deadline) {
            outcome.reason =
                fmt::format("not ready after {} ({}: {})", format_duration(options.timeout), probe.name(), last_reason);
            return outcome;
        }
        auto interval = std::clamp(std::chrono::duration_cast<util::Duration>((now - start) * options.share),
                                   options.first_interval, options.max_interval);
        clock.sleep_for(std::min<util::Duration>(interval, deadline - now));
    }
}

}  // namespace dtx::probe
