#include "start/running_services.hpp"

#include "engine/labels.hpp"
#include "plan/readiness.hpp"
#include "teardown/inventory.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>

namespace dtx::start {

env::ServiceEndpoint container_endpoint(const plan::ServicePlan& sp, const compose::Service& svc,
                                        const engine::ContainerState& state) {
    env::ServiceEndpoint e;
    e.service = sp.service;
    e.kind = sp.kind;
    e.host = "127.0.0.1";
    e.main_port = sp.main_port;
    e.credentials = plan::credentials_of(svc, sp.kind);
    for (const auto& p : state.ports) {
        if (p.protocol != "tcp" || p.host_port == 0 || e.tcp_ports.count(p.container_port) != 0) {
            continue;
        }
        e.tcp_ports[p.container_port] = p.host_port;
        bool wildcard = p.host_ip.empty() || p.host_ip == "0.0.0.0" || p.host_ip == "::";
        if (p.container_port == sp.main_port && !wildcard) {
            e.host = p.host_ip;
        }
    }
    return e;
}

RunningServices running_services(engine::Engine& engine, const compose::Project& project, const std::string& run_id) {
    const engine::LabelFilter filter = {std::string(engine::label::k_run) + "=" + run_id,
                                        std::string(engine::label::k_project) + "=" + project.name};
    auto listed = engine.list_containers(filter);
    if (!listed) {
        throw EngineError(fmt::format("listing the containers of {}: {}", run_id, listed.error().message));
    }
    // By name, so that the notes come in the same order whatever order the engine lists in.
    auto containers = std::move(listed.value());
    std::sort(containers.begin(), containers.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    RunningServices out;
    std::map<std::string, engine::ContainerState> states;  // by service
    plan::PlanInputs inputs;
    inputs.run_id = run_id;
    bool spec_changed = false;
    for (const auto& c : containers) {
        if (!teardown::matches(c.labels, filter)) {
            continue;  // an engine that ignored the filter
        }
        std::string service = engine::label::value_of(c.labels, engine::label::k_service);
        const compose::Service* svc = project.find(service);
        if (svc == nullptr) {
            out.notes.push_back(fmt::format("{}: left out, the spec has no service {} any more", c.name, service));
            continue;
        }
        auto state = engine.inspect_container(c.id);
        if (!state) {
            throw EngineError(fmt::format("{}: {}", service, state.error().message));
        }
        if (!state->running) {
            out.notes.push_back(
                fmt::format("{}: left out, its container is {}; dtx up starts it", service, state->status));
            continue;
        }
        spec_changed =
            spec_changed || engine::label::value_of(c.labels, engine::label::k_spec_hash) != project.content_hash;
        // The image the container runs says which ports it exposes, as it did when `up` planned it.
        if (auto image = engine.inspect_image(state->image)) {
            inputs.images[svc->image] = image.value();
        }
        states[service] = std::move(state.value());
    }
    if (spec_changed) {
        out.notes.emplace_back(
            "the spec changed since dtx up; kinds, credentials and exports follow the spec as it is now (dtx up "
            "brings the environment up to date)");
    }
    plan::Plan plan = plan::make_plan(project, inputs);
    for (const auto& sp : plan.services) {
        if (auto it = states.find(sp.service); it != states.end()) {
            out.endpoints.push_back(container_endpoint(sp, *project.find(sp.service), it->second));
        }
    }
    return out;
}

}  // namespace dtx::start
