#pragma once
// What -v adds on stderr (debug level): the decisions a run makes for each service — its kind, its
// readiness strategy and why, the ports it publishes — and why it is not ready yet, at a bounded
// rate. The lines are built by the pure functions below; the loggers only write them.

#include "compose/model.hpp"
#include "engine/types.hpp"
#include "plan/plan.hpp"
#include "util/clock.hpp"

#include <functional>
#include <string>
#include <vector>

namespace dtx::start {

// At most one not-ready line per service and reason in this time (a changed reason goes out at once).
inline constexpr std::chrono::seconds k_not_ready_log_every{1};

// "db: kind postgres (from its image postgres:16)", "(x-dtx.kind)", "(from its x-dtx.wait)",
// "cache: kind generic (no kind is known for image acme/cache:1)".
std::string kind_line(const plan::ServicePlan& sp, const compose::Service& svc);

// "db: readiness postgres on 5432 (the native probe of its kind)"; the reason comes from
// WaitPlan::origin.
std::string readiness_line(const plan::ServicePlan& sp);

// "db: publishes 127.0.0.1:49153 -> 5432/tcp, 127.0.0.1:49154 -> 8080/tcp", or "db: publishes no port".
std::string ports_line(const std::string& service, const std::vector<engine::PublishedPort>& ports);

// Writes the three lines above at debug level, once the container of `sp` runs (`state`).
void log_service_decisions(const plan::ServicePlan& sp, const compose::Service& svc,
                           const engine::ContainerState& state);

// A probe::WaitOptions::on_not_ready that writes "db: not ready after 120 ms (postgres: connection
// refused)" at debug level, throttled by util::ReasonThrottle over `clock`; empty (nothing to call)
// when debug lines are not shown.
std::function<void(const std::string&, util::Duration)> not_ready_logger(const std::string& service,
                                                                         util::Clock& clock);

}  // namespace dtx::start
