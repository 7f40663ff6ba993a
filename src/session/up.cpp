#include "session/up.hpp"

#include "engine/labels.hpp"
#include "images/images.hpp"
#include "plan/plan.hpp"
#include "session/down.hpp"
#include "session/prepare.hpp"
#include "session/up_lock.hpp"
#include "start/follow_logs.hpp"
#include "start/service_exits.hpp"
#include "start/start.hpp"
#include "start/watch.hpp"
#include "teardown/tracker.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <cstdio>

namespace dtx::session {

namespace {

// Sorts what is already there: unchanged containers are kept, changed ones removed (to be
// created again), those of services no longer in the spec reported (unless only some services
// were asked for: then the others are simply left alone).
start::Existing reconcile(engine::Engine& engine, const plan::Plan& plan, bool selection, bool force,
                          report::Reporter& reporter) {
    start::Existing existing;
    auto found = engine.list_containers({std::string(engine::label::k_run) + "=" + plan.run_id});
    if (!found) {
        throw EngineError(fmt::format("cannot list the containers of {}: {}", plan.run_id, found.error().message));
    }
    for (const auto& c : found.value()) {
        std::string service = engine::label::value_of(c.labels, engine::label::k_service);
        const plan::ServicePlan* sp = plan.find(service);
        if (sp == nullptr) {
            if (!selection) {
                reporter.warning(
                    fmt::format("container {} belongs to service {}, which the spec no longer has; "
                                "dtx down removes it",
                                c.name, service));
            }
            continue;
        }
        std::string wanted = engine::label::value_of(sp->container.labels, engine::label::k_config_hash);
        if (!force && engine::label::value_of(c.labels, engine::label::k_config_hash) == wanted) {
            existing.containers[service] = c.id;
            continue;
        }
        reporter.note(fmt::format("{}: recreating ({})", service, force ? "--force-recreate" : "definition changed"));
        if (auto removed = engine.remove_container(c.id); !removed && removed.error().code != util::Errc::not_found) {
            throw EngineError(fmt::format("{}: cannot remove the old container: {}", service, removed.error().message));
        }
    }
    existing.network = engine.inspect_network(plan.network).ok();
    return existing;
}

std::vector<start::Followed> followed(engine::Engine& engine, const plan::Plan& plan) {
    std::vector<start::Followed> list;
    for (const auto& sp : plan.services) {
        auto state = engine.inspect_container(sp.container.name);
        if (state) {
            list.push_back(start::Followed{sp.service, state->id, state->tty});
        }
    }
    return list;
}

}  // namespace

int up(const Runtime& rt, const UpOptions& options, report::Reporter& reporter) {
    bool watching = options.watch.active();
    if (watching && options.detach) {
        throw UsageError(
            "up: -d returns once the services are ready, --exit-code-from and --abort-on-container-exit follow them "
            "until a container exits; use one or the other");
    }
    compose::Project project =
        load_for_start(rt, options.global, options.services, reporter, "up", options.watch.exit_code_from);
    auto engine = rt.connect_engine();
    // Held until the environment is up (or failed): a second up of it waits, then keeps what this one made.
    std::optional<util::FileLock> lock = lock_environment(
        up_lock_path(project.name, rt.env("DOCKER_HOST").value_or("")), project.name, reporter, rt.clock, rt.stop);

    plan::PlanInputs inputs;
    inputs.run_id = project.name;
    inputs.owner_pid = 0;  // lasting: no owner process, so `dtx prune` leaves it alone
    inputs.owner_host = rt.host;
    images::ImageOptions images;
    images.build = options.build;
    images.stop = rt.stop;
    inputs.images = images::ensure_images(*engine, project, reporter, rt.env, images);
    inputs.label_image_ids = true;
    inputs.timeout = options.timeout;
    inputs.keep_host_ports = true;
    inputs.subnet_pool = options.subnet_pool;
    inputs.runner = options.watch.exit_code_from;
    inputs.stop = rt.stop;
    plan::Plan plan = plan::make_plan(project, inputs);

    start::Existing existing = reconcile(*engine, plan, !options.services.empty(), options.force_recreate, reporter);
    teardown::ResourceTracker tracker(*engine, plan.run_id, reporter);
    tracker.release();  // what up creates outlives it, also when starting fails
    std::vector<env::ServiceEndpoint> endpoints;
    try {
        endpoints = start::start_services(start_context(rt, *engine, reporter, tracker), plan, project, existing);
    } catch (const Error&) {
        reporter.warning(fmt::format("{} stays as it is so you can look at it; dtx down removes it", plan.run_id));
        throw;
    }
    lock.reset();
    reporter.note(fmt::format("{} is up: {} service(s) on network {}; dtx down removes it", plan.run_id,
                              plan.services.size(), plan.network));
    if (options.detach) {
        return exit_code::k_ok;
    }
    int code = exit_code::k_ok;
    if (watching) {
        auto outcome = start::watch_until_exit(*engine, plan, project, options.watch, rt.out, rt.stop, reporter);
        code = outcome.exit_code;
        if (!start::report_failed_services(*engine, project, endpoints, reporter, outcome.decided).empty() &&
            code == 0) {
            code = exit_code::k_service_failed;
        }
    } else {
        start::follow_logs(*engine, followed(*engine, plan), rt.out, [&rt] { return rt.stop.stop_requested(); });
    }
    // Like `dtx down`: the named volumes stay for the next `up`.
    const engine::LabelFilter environment = {std::string(engine::label::k_run) + "=" + plan.run_id,
                                             std::string(engine::label::k_project) + "=" + plan.project};
    int down = take_down(*engine, DownTarget{environment, "run " + plan.run_id, false}, reporter);
    rt.stop.throw_if_stopped();
    return code != exit_code::k_ok ? code : down;
}

}  // namespace dtx::session
