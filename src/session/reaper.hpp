#pragma once
// The reaper: a process every `dtx run` starts before it creates anything (dtx itself, re-executed
// as the hidden verb `dtx __reap`). It watches a pipe from the run; when the pipe ends without the
// run saying "done" — dtx was killed with SIGKILL, crashed, or was OOM-killed — it stops the test
// command's process group (the command writes "group <pgid>" on the pipe before it execs), then
// removes the run's containers, volumes and network by label.

#include "engine/engine.hpp"
#include "plan/plan.hpp"
#include "process/watchdog.hpp"
#include "report/reporter.hpp"
#include "session/runtime.hpp"
#include "util/clock.hpp"

#include <sys/types.h>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dtx::session {

// How long the command's processes get after SIGTERM before SIGKILL: as on a forwarded signal
// (RunOptions::command_grace).
inline constexpr std::chrono::milliseconds k_command_grace{5'000};

struct ReapOptions {
    std::string run_id;            // --run: the resources labelled dev.dtx.run=<id>
    std::string network;           // --network: the run's network, removed by name as well as by label
    int fd = process::k_watch_fd;  // --fd: the pipe from `dtx run`
};

// In `dtx run`: starts the reaper of `plan`'s run. The guard says "done" when it is destroyed or
// released, so it must outlive the run's teardown (or its --keep-on-failure decision). When the
// reaper cannot be started, warns once and returns nullopt: the run goes on, torn down as usual.
std::optional<process::Watchdog> start_reaper(const plan::Plan& plan, report::Reporter& reporter);

// In `dtx run`: what util::spawn needs so that the command tells `reaper` its process group (-1
// without a reaper).
int reaper_group_fd(const std::optional<process::Watchdog>& reaper);

// The process group a note on the reaper's pipe names ("group 1234"), if one does; the last wins.
std::optional<pid_t> command_group(const std::vector<std::string>& notes);

// The hidden verb: detaches (util::detach_watcher, named dtx-reaper), waits for the pipe, and
// returns 0 at once when the run said "done". Otherwise stops the command's process group, if the
// pipe named one (SIGTERM, k_command_grace, SIGKILL), connects to the engine (rt.connect_engine), sweeps the run
// (sweep_until_quiet over sweep_run) and reports one line when it removed anything; rt.clock must ignore the signals
// the reaper ignores. Returns 0 when nothing of the run remains, 125 when the engine cannot be reached or something
// could not be removed (each reported). Throws UsageError when `options.fd` is not a pipe.
int reap(const Runtime& rt, const ReapOptions& options, report::Reporter& reporter);

// What sweeps found and removed, summed over every sweep; `failures` are the last sweep's.
struct SweepTotals {
    int containers_removed = 0;
    int volumes_removed = 0;
    int networks_removed = 0;
    std::vector<std::string> failures;
};

// One sweep: lists the containers, volumes and networks labelled with `run_id`; when there are
// any, removes the containers and volumes with teardown_run, then the networks (`network` by name
// when the network listing failed). Adds what it removed to `totals` and replaces totals.failures
// with this sweep's. Returns how many resources it found (a failed listing counts as one), so a
// resource that could not be removed is found again by the next sweep.
int sweep_run(engine::Engine& engine, const std::string& run_id, const std::string& network, SweepTotals& totals);

struct SweepSchedule {
    // Between sweeps: a container whose create request was in flight when dtx died appears later.
    util::Duration interval = std::chrono::milliseconds(300);
    // A sweep that finds nothing ends the work only this long after the first one.
    util::Duration settle = std::chrono::seconds(1);
    // Stops even when resources keep appearing or cannot be removed.
    util::Duration give_up = std::chrono::seconds(10);
};

// Calls `sweep` (which returns how many resources it found) at once, then every `interval`, until
// a sweep finds nothing at least `settle` after the first, or `give_up` has passed. Returns what the
// last sweep found (0: nothing is left).
int sweep_until_quiet(util::Clock& clock, const std::function<int()>& sweep, const SweepSchedule& schedule);

}  // namespace dtx::session
