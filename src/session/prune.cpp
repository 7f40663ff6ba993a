#include "session/prune.hpp"

#include "engine/labels.hpp"
#include "session/engine_connect.hpp"
#include "session/environment.hpp"
#include "session/inventory.hpp"
#include "session/process_probe.hpp"
#include "session/teardown.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <cstdio>
#include <map>

namespace dtx::session {

namespace {

struct RunGroup {
    RunOwner owner;
    Inventory resources;
};

// The first non-empty value of `key` among the run's resources: containers first, since they are
// what a run is about and always carry every label.
std::string first_label(const Inventory& resources, const char* key) {
    for (const auto* list : {&resources.containers, &resources.networks, &resources.volumes}) {
        for (const auto& r : *list) {
            if (std::string value = r.label(key); !value.empty()) {
                return value;
            }
        }
    }
    return "";
}

std::map<std::string, RunGroup> group_by_run(Inventory&& all) {
    std::map<std::string, RunGroup> runs;
    auto add = [&](std::vector<LabelledResource>& from, std::vector<LabelledResource> Inventory::*to) {
        for (auto& r : from) {
            std::string run = r.label(engine::label::k_run);
            (runs[run].resources.*to).push_back(std::move(r));
        }
    };
    add(all.containers, &Inventory::containers);
    add(all.volumes, &Inventory::volumes);
    add(all.networks, &Inventory::networks);
    for (auto& [run_id, group] : runs) {
        group.owner.run_id = run_id;
        group.owner.owner_pid = first_label(group.resources, engine::label::k_owner_pid);
        group.owner.owner_host = first_label(group.resources, engine::label::k_owner_host);
    }
    return runs;
}

// When the run's first container started: an owner process that started later is not its owner.
std::optional<WallTime> first_start(engine::Engine& engine, const Inventory& resources) {
    std::optional<WallTime> first;
    for (const auto& c : resources.containers) {
        auto state = engine.inspect_container(c.id);
        if (!state) {
            continue;  // gone meanwhile, or unreadable: the other containers still tell
        }
        auto started = parse_engine_time(state->started_at);
        if (started && (!first || *started < *first)) {
            first = started;
        }
    }
    return first;
}

// Only the runs whose owner process lives on this host need the engine's start times.
bool may_be_pid_reuse(const RunOwner& owner, const PruneRequest& request, const ProcessLookup& lookup) {
    auto pid = owner_pid(owner.owner_pid);
    return !request.all && pid && owner.owner_host == request.this_host && lookup(*pid).exists;
}

void append(ResourceSet& to, const ResourceSet& from) {
    to.containers.insert(to.containers.end(), from.containers.begin(), from.containers.end());
    to.volumes.insert(to.volumes.end(), from.volumes.begin(), from.volumes.end());
    to.networks.insert(to.networks.end(), from.networks.begin(), from.networks.end());
}

}  // namespace

PruneOutcome prune_runs(engine::Engine& engine, const PruneRequest& request, const ProcessLookup& lookup,
                        Reporter& reporter) {
    engine::LabelFilter filter = {engine::label::k_run};
    if (!request.project.empty()) {
        filter.push_back(std::string(engine::label::k_project) + "=" + request.project);
    }
    auto found = find_labelled(engine, filter);
    if (!found) {
        throw EngineError("prune: listing dtx's resources: " + found.error().message);
    }
    auto runs = group_by_run(std::move(found.value()));

    PruneOutcome outcome;
    ResourceSet doomed;
    PruneRules rules{request.this_host, request.all};
    for (auto& [run_id, group] : runs) {
        if (may_be_pid_reuse(group.owner, request, lookup)) {
            group.owner.started = first_start(engine, group.resources);
        }
        PruneDecision decision = judge_run(group.owner, rules, lookup);
        if (!decision.remove) {
            reporter.note(fmt::format("left alone: run {} ({})", run_id, decision.reason));
            continue;
        }
        reporter.note(
            fmt::format("{} run {} ({})", request.dry_run ? "would remove" : "removing", run_id, decision.reason));
        append(doomed, removal_set(group.resources));
    }
    if (doomed.empty()) {
        reporter.note(runs.empty() ? "nothing to prune: no dtx runs" : "nothing to prune");
        return outcome;
    }
    if (request.dry_run) {
        for (const auto* list : {&doomed.containers, &doomed.volumes, &doomed.networks}) {
            for (const auto& r : *list) {
                outcome.would_remove.push_back(r.display);
            }
        }
        return outcome;
    }
    auto report = remove_resources(engine, doomed);
    for (const auto& line : report.removed) {
        reporter.note("removed " + line);
    }
    for (const auto& failure : report.failures) {
        reporter.error("could not remove " + failure);
    }
    reporter.note(fmt::format("prune: removed {} container(s), {} volume(s), {} network(s)", report.containers_removed,
                              report.volumes_removed, report.networks_removed));
    if (!report.failures.empty()) {
        reporter.error(fmt::format("{} resource(s) could not be removed", report.failures.size()));
        outcome.exit_code = exit_code::k_dtx_failure;
    }
    return outcome;
}

int prune(const PruneOptions& options, Reporter& reporter) {
    PruneRequest request;
    request.project = options.global.project_name;
    request.this_host = this_host();
    request.all = options.all;
    request.dry_run = options.dry_run;
    auto engine = connect_engine(getenv_value);
    auto outcome = prune_runs(*engine, request, process_status, reporter);
    for (const auto& line : outcome.would_remove) {
        std::fputs((line + "\n").c_str(), stdout);
    }
    std::fflush(stdout);
    return outcome.exit_code;
}

}  // namespace dtx::session
