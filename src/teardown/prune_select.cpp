#include "teardown/prune_select.hpp"

#include <fmt/format.h>
#include <charconv>

namespace dtx::teardown {

std::optional<int> owner_pid(const std::string& label) {
    int pid = 0;
    const char* end = label.data() + label.size();
    auto [ptr, ec] = std::from_chars(label.data(), end, pid);
    if (ec != std::errc() || ptr != end || pid <= 0) {
        return std::nullopt;  // never 0 or negative: kill() would address a whole process group
    }
    return pid;
}

PruneDecision judge_run(const RunOwner& run, const PruneRules& rules, const ProcessLookup& lookup) {
    PruneDecision d{run.run_id, false, ""};
    if (rules.all) {
        d.remove = true;
        d.reason = "--all";
        return d;
    }
    auto pid = owner_pid(run.owner_pid);
    if (!pid) {
        d.reason = run.owner_pid.empty() || run.owner_pid == "0"
                       ? "persistent (dtx up); dtx down removes it"
                       : fmt::format("unknown owner pid \"{}\"", run.owner_pid);
        return d;
    }
    if (run.owner_host.empty()) {
        d.reason = "owner host unknown";
        return d;
    }
    if (run.owner_host != rules.this_host) {
        d.reason = fmt::format("owner on host {}; prune there, or use --all", run.owner_host);
        return d;
    }
    ProcessStatus process = lookup(*pid);
    if (!process.exists) {
        d.remove = true;
        d.reason = fmt::format("owner dtx (pid {}) has exited", *pid);
        return d;
    }
    if (run.started && process.started && *process.started > *run.started + k_pid_reuse_slack) {
        d.remove = true;
        d.reason = fmt::format("owner dtx (pid {}) has exited; the pid now belongs to a later process", *pid);
        return d;
    }
    d.reason = fmt::format("owner dtx (pid {}) still running", *pid);
    return d;
}

std::vector<PruneDecision> judge_runs(const std::vector<RunOwner>& runs, const PruneRules& rules,
                                      const ProcessLookup& lookup) {
    std::vector<PruneDecision> out;
    out.reserve(runs.size());
    for (const auto& run : runs) {
        out.push_back(judge_run(run, rules, lookup));
    }
    return out;
}

}  // namespace dtx::teardown
