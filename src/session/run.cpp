#include "session/run.hpp"

#include "env/exports.hpp"
#include "images/image_freshness.hpp"
#include "images/images.hpp"
#include "load/loader.hpp"
#include "plan/plan.hpp"
#include "process/find_executable.hpp"
#include "process/process.hpp"
#include "secrets/secrets.hpp"
#include "session/prepare.hpp"
#include "session/reaper.hpp"
#include "start/service_exits.hpp"
#include "start/start.hpp"
#include "teardown/tracker.hpp"
#include "util/environment.hpp"
#include "util/error.hpp"
#include "util/ids.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <map>

namespace dtx::session {

namespace {

constexpr int k_run_id_hex = 6;

// What the test command is run with, besides its options: the run's services and how to reach them.
struct Started {
    const compose::Project& project;
    const plan::Plan& plan;
    const std::vector<env::ServiceEndpoint>& endpoints;
    int reaper_fd;  // the reaper's pipe, -1 without one
};

int run_command(const Runtime& rt, const RunOptions& options, const Started& run, report::Reporter& reporter) {
    env::ConnectionEnv added = env::command_env(run.project, run.plan.run_id, run.plan.network, run.endpoints, rt.env);
    for (const auto& note : added.notes) {
        reporter.note(note);
    }
    auto env = env::merge_env(util::process_environment(), added.vars);
    auto pid = process::spawn(options.command, env, process::SpawnOptions{run.reaper_fd});
    if (!pid) {
        int code = pid.error().code == util::Errc::not_found ? exit_code::k_not_found : exit_code::k_not_executable;
        throw CommandError(pid.error().message, code);
    }
    return process::wait_child(pid.value(), options.command_grace, rt.stop);
}

// What the run would do with each build: service, by service, as the plan shows it. `images`:
// those present locally, or nullptr when no engine answered (presence unknown).
std::map<std::string, std::string> build_decisions(const compose::Project& project, images::BuildWhen when,
                                                   const std::map<std::string, engine::ImageInfo>* images) {
    std::map<std::string, std::string> out;
    auto now = std::chrono::system_clock::now();
    for (const auto& svc : project.services) {
        if (!svc.build) {
            continue;
        }
        if (images == nullptr) {
            out[svc.name] = when == images::BuildWhen::needed && svc.pull_policy != "build"
                                ? "built if its image is missing (no engine answered to tell)"
                                : images::build_decision(svc, true, when).why;
            continue;
        }
        auto it = images->find(svc.image);
        const engine::ImageInfo* present = it == images->end() ? nullptr : &it->second;
        images::BuildDecision decision = images::build_decision(svc, present != nullptr, when);
        out[svc.name] = decision.why;
        if (!decision.build && present != nullptr) {
            if (auto stale = images::stale_image_note(svc, *present, project.directory, now)) {
                out[svc.name] += "; " + *stale;
            }
        }
    }
    return out;
}

// The plan, creating nothing: when the engine answers, the images present locally are inspected
// (nothing is pulled or built), so readiness and builds are what the run would choose; what a
// missing image (or a missing engine) leaves open is marked in the text. The run id is a placeholder.
int print_dry_run(const Runtime& rt, compose::Project& project, const RunOptions& options) {
    plan::PlanInputs inputs;
    inputs.run_id = project.name + "-XXXXXX";
    inputs.timeout = options.timeout;
    inputs.keep_host_ports = options.keep_host_ports;
    inputs.subnet_pool = options.subnet_pool;
    inputs.runner = options.watch.exit_code_from;
    inputs.stop = rt.stop;
    bool inspected = false;
    try {
        auto engine = rt.connect_engine();
        inputs.images = images::inspect_present_images(*engine, project, rt.stop);
        inspected = true;
    } catch (const EngineError&) {
        // No engine: the plan is still worth seeing; the text says what it could not know.
    }
    inputs.builds = build_decisions(project, options.build, inspected ? &inputs.images : nullptr);
    std::string text = plan::make_plan(project, inputs).to_string(rt.stop);
    text += inspected ? "(dry run: nothing was created; images missing locally are pulled or built at run time, and "
                        "readiness marked \"may change\" depends on them)\n"
                      : "(dry run: nothing was created; no engine answered, so no image was inspected: ports "
                        "declared only by an image's EXPOSE are added at run time, and may change how readiness is "
                        "checked)\n";
    if (!options.command.empty()) {
        text += "then: " + util::join(options.command) + "\n";
    } else if (options.watch.abort_on_container_exit) {
        text += "then: follow every service until a container exits (--abort-on-container-exit)\n";
    } else if (!options.watch.exit_code_from.empty()) {
        text += "then: follow " + options.watch.exit_code_from + " until it exits (--exit-code-from)\n";
    }
    rt.stop.throw_if_stopped();
    text = secrets::masked(text);  // the commands in it may carry a password (--requirepass)
    std::fwrite(text.data(), 1, text.size(), rt.out);
    std::fflush(rt.out);
    return exit_code::k_ok;
}

}  // namespace

int run(const Runtime& rt, const RunOptions& options, report::Reporter& reporter) {
    check_watch_request(options.watch, !options.command.empty(), "run");
    bool watching = options.watch.active();
    if (options.command.empty() && !options.dry_run && !watching) {
        throw UsageError(
            "run: no command; write it after --, e.g. dtx run -- ctest --output-on-failure, or name the service "
            "that runs the tests: dtx run --exit-code-from test-runner");
    }
    compose::Project project =
        load_for_start(rt, options.global, options.services, reporter, "run", options.watch.exit_code_from);
    rt.stop.throw_if_stopped();
    if (options.dry_run) {
        return print_dry_run(rt, project, options);
    }
    if (!watching) {
        process::require_command(options.command);  // a typo in the command must not cost a whole start
    }
    auto engine = rt.connect_engine();

    plan::PlanInputs inputs;
    inputs.run_id = fmt::format("{}-{}", project.name, util::random_hex(k_run_id_hex));
    inputs.owner_pid = static_cast<int>(getpid());
    inputs.owner_host = rt.host;
    images::ImageOptions images;
    images.build = options.build;
    images.stop = rt.stop;
    inputs.images = images::ensure_images(*engine, project, reporter, rt.env, images);
    inputs.timeout = options.timeout;
    inputs.keep_host_ports = options.keep_host_ports;
    inputs.subnet_pool = options.subnet_pool;
    inputs.runner = options.watch.exit_code_from;
    inputs.stop = rt.stop;
    plan::Plan plan = plan::make_plan(project, inputs);
    reporter.note(fmt::format("run {}: {} service(s) on network {}", plan.run_id, plan.services.size(), plan.network));

    // Started before anything exists, and declared before the tracker so that it says "done" only
    // after the tracker's teardown or keep; --keep wants everything left, so it gets none.
    auto reaper = options.keep || !rt.start_reaper ? std::nullopt : rt.start_reaper(plan, reporter);
    teardown::ResourceTracker tracker(*engine, plan.run_id, reporter);
    int code = 0;
    try {
        rt.stop.throw_if_stopped();
        auto endpoints = start::start_services(start_context(rt, *engine, reporter, tracker), plan, project);
        std::string decided_by;  // the service whose exit code is the run's
        if (watching) {
            auto outcome = start::watch_until_exit(*engine, plan, project, options.watch, rt.out, rt.stop, reporter);
            code = outcome.exit_code;
            decided_by = outcome.decided;
        } else {
            code = run_command(rt, options, Started{project, plan, endpoints, reaper_group_fd(reaper)}, reporter);
        }
        // Reported whatever the command's code; they decide the run's only when the command succeeded.
        if (!start::report_failed_services(*engine, project, endpoints, reporter, decided_by).empty() && code == 0) {
            code = exit_code::k_service_failed;
        }
    } catch (const Interrupted&) {
        throw;  // an interrupted run is always removed (the tracker's destructor)
    } catch (...) {
        if (options.keep || options.keep_on_failure) {
            tracker.keep();
        }
        throw;
    }
    bool keep = options.keep || (options.keep_on_failure && code != 0);
    if (keep && !rt.stop.stop_requested()) {
        tracker.keep();
    } else {
        tracker.teardown();
    }
    rt.stop.throw_if_stopped();
    return code;
}

}  // namespace dtx::session
