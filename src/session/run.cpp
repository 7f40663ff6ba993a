#include "session/run.hpp"

#include "session/engine_connect.hpp"
#include "session/environment.hpp"
#include "session/exports.hpp"
#include "session/images.hpp"
#include "session/plan.hpp"
#include "session/prepare.hpp"
#include "session/process_probe.hpp"
#include "session/reaper.hpp"
#include "session/start.hpp"
#include "session/tracker.hpp"
#include "spec/loader.hpp"
#include "util/error.hpp"
#include "util/ids.hpp"
#include "util/process.hpp"
#include "util/secrets.hpp"
#include "util/signals.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <cstdio>

namespace dtx::session {

namespace {

constexpr int k_run_id_hex = 6;

int run_command(const RunOptions& options, const spec::Project& project, const Plan& plan,
                const std::vector<ServiceEndpoint>& endpoints, Reporter& reporter) {
    ConnectionEnv added = command_env(project, plan.run_id, plan.network, endpoints, getenv_value);
    for (const auto& note : added.notes) {
        reporter.note(note);
    }
    auto env = merge_env(process_environment(), added.vars);
    auto pid = util::spawn(options.command, env);
    if (!pid) {
        int code = pid.error().code == util::Errc::not_found ? exit_code::k_not_found : exit_code::k_not_executable;
        throw CommandError(pid.error().message, code);
    }
    return util::wait_child(pid.value(), options.command_grace);
}

// The plan without touching the engine: no images are inspected, so ports that only an image's
// EXPOSE declares are left out (the text says so), and the run id is a placeholder.
int print_dry_run(const spec::Project& project, const RunOptions& options) {
    PlanInputs inputs;
    inputs.run_id = project.name + "-XXXXXX";
    inputs.timeout = options.timeout;
    inputs.keep_host_ports = options.keep_host_ports;
    inputs.subnet_pool = options.subnet_pool;
    std::string text = make_plan(project, inputs).to_string();
    text +=
        "(dry run: nothing was created; ports declared only by an image's EXPOSE are added at run time, "
        "and may change how readiness is checked)\n";
    if (!options.command.empty()) {
        std::string command;
        for (const auto& word : options.command) {
            command += (command.empty() ? "" : " ") + word;
        }
        text += "then: " + command + "\n";
    }
    if (util::interrupted()) {
        throw Interrupted(util::received_signal());
    }
    text = util::masked(text);  // the commands in it may carry a password (--requirepass)
    std::fwrite(text.data(), 1, text.size(), stdout);
    return exit_code::k_ok;
}

}  // namespace

int run(const RunOptions& options, Reporter& reporter) {
    if (options.command.empty() && !options.dry_run) {
        throw UsageError("run: no command; write it after --, e.g. dtx run -- ctest --output-on-failure");
    }
    spec::Project project = load_for_start(options.global, options.services, reporter, "run");
    if (util::interrupted()) {
        throw Interrupted(util::received_signal());
    }
    if (options.dry_run) {
        return print_dry_run(project, options);
    }
    auto engine = connect_engine(getenv_value);
    util::SystemClock clock;

    PlanInputs inputs;
    inputs.run_id = fmt::format("{}-{}", project.name, util::random_hex(k_run_id_hex));
    inputs.owner_pid = static_cast<int>(getpid());
    inputs.owner_host = this_host();
    ImageOptions images;
    images.build = options.build;
    inputs.images = ensure_images(*engine, project, reporter, getenv_value, images);
    inputs.timeout = options.timeout;
    inputs.keep_host_ports = options.keep_host_ports;
    inputs.subnet_pool = options.subnet_pool;
    Plan plan = make_plan(project, inputs);
    reporter.note(fmt::format("run {}: {} service(s) on network {}", plan.run_id, plan.services.size(), plan.network));

    // Started before anything exists, and declared before the tracker so that it says "done" only
    // after the tracker's teardown or keep; --keep wants everything left, so it gets none.
    auto reaper = options.keep ? std::nullopt : start_reaper(plan, reporter);
    ResourceTracker tracker(*engine, plan.run_id, reporter);
    int code = 0;
    try {
        if (util::interrupted()) {
            throw Interrupted(util::received_signal());
        }
        auto endpoints = start_services(StartContext{*engine, reporter, clock, tracker}, plan, project);
        code = run_command(options, project, plan, endpoints, reporter);
    } catch (const Interrupted&) {
        throw;  // an interrupted run is always removed (the tracker's destructor)
    } catch (...) {
        if (options.keep || options.keep_on_failure) {
            tracker.keep();
        }
        throw;
    }
    bool keep = options.keep || (options.keep_on_failure && code != 0);
    if (keep && !util::interrupted()) {
        tracker.keep();
    } else {
        tracker.teardown();
    }
    if (util::interrupted()) {
        throw Interrupted(util::received_signal());
    }
    return code;
}

}  // namespace dtx::session
