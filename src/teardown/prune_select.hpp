#pragma once
// Which runs `dtx prune` removes: a pure decision on each run's owner labels and what is known of
// the owner process, so every rule is tested without processes or an engine.

#include "util/clock.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dtx::teardown {

// What prune knows of one run, from its resources' labels.
struct RunOwner {
    std::string run_id;
    std::string owner_pid;                  // the dev.dtx.owner-pid label; "" when missing
    std::string owner_host;                 // the dev.dtx.owner-host label; "" when missing
    std::optional<util::WallTime> started;  // when the run's first container started, when known
};

// A process on this machine, as the system reports it.
struct ProcessStatus {
    bool exists = false;                    // false: no such process (or only its zombie is left)
    std::optional<util::WallTime> started;  // when it started, when known
};

using ProcessLookup = std::function<ProcessStatus(int pid)>;

struct PruneRules {
    std::string this_host;  // this machine's hostname
    bool all = false;       // --all: every run, whatever its owner
};

struct PruneDecision {
    std::string run_id;
    bool remove = false;
    std::string reason;  // "owner dtx (pid 4242) has exited", "persistent (dtx up); dtx down removes it"
};

// A process that started this long after the run's first container is not the run's owner (the
// pid was reused). The slack covers the clocks' different precision (/proc's boot time is whole
// seconds) and small steps of the wall clock; a pid reused sooner than that is kept (the safe side).
inline constexpr std::chrono::seconds k_pid_reuse_slack{5};

// The owner pid a dev.dtx.owner-pid label names: a positive number, else nullopt (missing, "0"
// for a persistent `dtx up` environment, or not a number).
std::optional<int> owner_pid(const std::string& label);

// The fate of one run. With rules.all: removed. Else kept when persistent (no owner pid), when its
// owner is on another host or unknown, or when its owner process exists and did not start after
// the run did; removed when that process does not exist or started after the run's first container
// (plus k_pid_reuse_slack). `lookup` is called only for a run owned on this host.
PruneDecision judge_run(const RunOwner& run, const PruneRules& rules, const ProcessLookup& lookup);

// judge_run for each run, in the given order.
std::vector<PruneDecision> judge_runs(const std::vector<RunOwner>& runs, const PruneRules& rules,
                                      const ProcessLookup& lookup);

}  // namespace dtx::teardown
