#include "start/service_exits.hpp"

#include <fmt/format.h>

namespace dtx::start {

namespace {

constexpr int k_log_lines = 20;

}  // namespace

std::vector<ServiceExit> report_failed_services(engine::Engine& engine, const compose::Project& project,
                                                const std::vector<env::ServiceEndpoint>& endpoints,
                                                report::Reporter& reporter, const std::string& decided) {
    std::vector<ServiceExit> failed;
    for (const auto& endpoint : endpoints) {
        const compose::Service* svc = project.find(endpoint.service);
        if (endpoint.container_id.empty() || svc == nullptr || svc->dtx.allow_failure || endpoint.service == decided) {
            continue;
        }
        auto state = engine.inspect_container(endpoint.container_id);
        if (!state || state->running || state->status == "created" || (state->exit_code == 0 && !state->oom_killed)) {
            continue;
        }
        failed.push_back(ServiceExit{endpoint.service, state->exit_code, state->oom_killed});
        reporter.error(fmt::format(
            "{} exited with code {}{} during the run; the run fails (x-dtx.allow-failure: true lets it fail)",
            endpoint.service, state->exit_code, state->oom_killed ? " (OOM-killed)" : ""));
        auto logs = engine.logs(endpoint.container_id, k_log_lines);
        if (logs && !logs->empty()) {
            reporter.service_logs(endpoint.service, logs.value());
        }
    }
    return failed;
}

}  // namespace dtx::start
