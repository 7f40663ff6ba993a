#include "session/reaper.hpp"

#include "engine/labels.hpp"
#include "process/process_group.hpp"
#include "teardown/teardown.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <charconv>
#include <string_view>

namespace dtx::session {

namespace {

// The running binary, even when its file was replaced or deleted since dtx started.
constexpr const char* k_self = "/proc/self/exe";

template <class T>
int count_or_one(const util::Result<std::vector<T>>& listed) {
    return listed ? static_cast<int>(listed->size()) : 1;
}

std::string summary(const SweepTotals& totals, const std::string& network) {
    std::string text = fmt::format("{} container(s), {} volume(s)", totals.containers_removed, totals.volumes_removed);
    if (totals.networks_removed > 0) {
        text += " and network " + network;
    }
    return text;
}

}  // namespace

std::optional<process::Watchdog> start_reaper(const plan::Plan& plan, report::Reporter& reporter) {
    auto watchdog =
        process::Watchdog::start(k_self, {"dtx", "__reap", "--run", plan.run_id, "--network", plan.network});
    if (!watchdog) {
        reporter.warning(fmt::format(
            "cannot start the reaper of run {} ({}): if dtx itself is killed (SIGKILL), its resources stay behind",
            plan.run_id, watchdog.error().message));
        return std::nullopt;
    }
    return std::move(watchdog).value();
}

int reaper_group_fd(const std::optional<process::Watchdog>& reaper) {
    return reaper ? reaper->fd() : -1;
}

std::optional<pid_t> command_group(const std::vector<std::string>& notes) {
    constexpr std::string_view k_prefix = "group ";
    std::optional<pid_t> group;
    for (const auto& note : notes) {
        if (note.rfind(k_prefix, 0) != 0) {
            continue;
        }
        pid_t pgid = 0;
        const char* first = note.data() + k_prefix.size();
        const char* last = note.data() + note.size();
        auto [end, err] = std::from_chars(first, last, pgid);
        if (err == std::errc{} && end == last && pgid > 1) {
            group = pgid;
        }
    }
    return group;
}

int sweep_run(engine::Engine& engine, const std::string& run_id, const std::string& network, SweepTotals& totals) {
    const engine::LabelFilter of_run = {std::string(engine::label::k_run) + "=" + run_id};
    auto containers = engine.list_containers(of_run);
    auto volumes = engine.list_volumes(of_run);
    auto networks = engine.list_networks(of_run);
    int found = count_or_one(containers) + count_or_one(volumes) + count_or_one(networks);
    if (found == 0) {
        totals.failures.clear();
        return 0;
    }
    // The networks go last, so teardown_run is asked for none: they are removed below, counted.
    auto report = teardown::teardown_run(engine, run_id, {}, "");
    totals.containers_removed += report.containers_removed;
    totals.volumes_removed += report.volumes_removed;
    std::vector<std::string> names;
    if (networks) {
        for (const auto& n : networks.value()) {
            names.push_back(n.name);
        }
    } else if (!network.empty()) {
        names.push_back(network);  // the listing failed: try the one the run named
    }
    for (const auto& name : names) {
        auto status = engine.remove_network(name);
        if (status) {
            ++totals.networks_removed;
        } else if (status.error().code != util::Errc::not_found) {
            report.failures.push_back(status.error().message);
        }
    }
    totals.failures = std::move(report.failures);
    return found;
}

int sweep_until_quiet(util::Clock& clock, const std::function<int()>& sweep, const SweepSchedule& schedule) {
    auto first = clock.now();
    for (;;) {
        int found = sweep();
        auto elapsed = clock.now() - first;
        if ((found == 0 && elapsed >= schedule.settle) || elapsed >= schedule.give_up) {
            return found;
        }
        clock.sleep_for(schedule.interval);
    }
}

int reap(const Runtime& rt, const ReapOptions& options, report::Reporter& reporter) {
    process::detach_watcher("dtx-reaper");
    auto released = process::wait_for_release(options.fd);
    if (!released) {
        throw UsageError("__reap is started by dtx run, with its pipe on --fd: " + released.error().message);
    }
    if (released->released) {
        return exit_code::k_ok;
    }
    std::string what = fmt::format("run {}: dtx ended without removing it", options.run_id);
    // The command and whatever it started go first: they would otherwise run on against services
    // that are about to disappear.
    if (auto group = command_group(released->notes); group && !process::stop_process_group(*group, k_command_grace)) {
        reporter.warning(fmt::format("{}; the reaper killed the command's processes (group {}) after {} s", what,
                                     *group, k_command_grace.count() / 1000));
    }
    std::shared_ptr<engine::Engine> engine;
    try {
        engine = rt.connect_engine();
    } catch (const Error& e) {
        reporter.error(fmt::format("{}, and the reaper cannot reach the engine: {}", what, e.what()));
        return exit_code::k_dtx_failure;
    }
    SweepTotals totals;
    int left = sweep_until_quiet(
        rt.clock, [&] { return sweep_run(*engine, options.run_id, options.network, totals); }, SweepSchedule{});
    for (const auto& failure : totals.failures) {
        reporter.error(fmt::format("{}; the reaper could not remove: {}", what, failure));
    }
    if (left > 0 && totals.failures.empty()) {
        reporter.error(fmt::format("{}; the reaper gave up with {} resource(s) still listed", what, left));
    }
    bool removed_any = totals.containers_removed + totals.volumes_removed + totals.networks_removed > 0;
    if (removed_any) {
        reporter.warning(fmt::format("{}; the reaper removed {}", what, summary(totals, options.network)));
    }
    return left == 0 ? exit_code::k_ok : exit_code::k_dtx_failure;
}

}  // namespace dtx::session
