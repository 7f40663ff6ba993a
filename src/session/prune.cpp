#include "session/prune.hpp"

#include "engine/engine_time.hpp"
#include "engine/labels.hpp"
#include "teardown/inventory.hpp"
#include "teardown/teardown.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <cstdio>
#include <map>

namespace dtx::session {

namespace {

struct RunGroup {
    teardown::RunOwner owner;
    teardown::Inventory resources;
};

// The first non-empty value of `key` among the run's resources: containers first, since they are
// what a run is about and always carry every label.
std::string first_label(const teardown::Inventory& resources, const char* key) {
    for (const auto* list : {&resources.containers, &resources.networks, &resources.volumes}) {
        for (const auto& r : *list) {
            if (std::string value = r.label(key); !value.empty()) {
                return value;
            }
        }
    }
    return "";
}

std::map<std::string, RunGroup> group_by_run(teardown::Inventory&& all) {
    std::map<std::string, RunGroup> runs;
    auto add = [&](std::vector<teardown::LabelledResource>& from,
                   std::vector<teardown::LabelledResource> teardown::Inventory::*to) {
        for (auto& r : from) {
            std::string run = r.label(engine::label::k_run);
            (runs[run].resources.*to).push_back(std::move(r));
        }
    };
    add(all.containers, &teardown::Inventory::containers);
    add(all.volumes, &teardown::Inventory::volumes);
    add(all.networks, &teardown::Inventory::networks);
    for (auto& [run_id, group] : runs) {
        group.owner.run_id = run_id;
        group.owner.owner_pid = first_label(group.resources, engine::label::k_owner_pid);
        group.owner.owner_host = first_label(group.resources, engine::label::k_owner_host);
    }
    return runs;
}

// When the run's first container started: an owner process that started later is not its owner.
std::optional<util::WallTime> first_start(engine::Engine& engine, const teardown::Inventory& resources) {
    std::optional<util::WallTime> first;
    for (const auto& c : resources.containers) {
        auto state = engine.inspect_container(c.id);
        if (!state) {
            continue;  // gone meanwhile, or unreadable: the other containers still tell
        }
        auto started = engine::parse_engine_time(state->started_at);
        if (started && (!first || *started < *first)) {
            first = started;
        }
    }
    return first;
}

// Only the runs whose owner process lives on this host need the engine's start times.
bool may_be_pid_reuse(const teardown::RunOwner& owner, const PruneRequest& request,
                      const teardown::ProcessLookup& lookup) {
    auto pid = teardown::owner_pid(owner.owner_pid);
    return !request.all && pid && owner.owner_host == request.this_host && lookup(*pid).exists;
}

void append(teardown::ResourceSet& to, const teardown::ResourceSet& from) {
    to.containers.insert(to.containers.end(), from.containers.begin(), from.containers.end());
    to.volumes.insert(to.volumes.end(), from.volumes.begin(), from.volumes.end());
    to.networks.insert(to.networks.end(), from.networks.begin(), from.networks.end());
}

}  // namespace

PruneOutcome prune_runs(engine::Engine& engine, const PruneRequest& request, const teardown::ProcessLookup& lookup,
                        report::Reporter& reporter) {
    engine::LabelFilter filter = {engine::label::k_run};
    if (!request.project.empty()) {
        filter.push_back(std::string(engine::label::k_project) + "=" + request.project);
    }
    auto found = teardown::find_labelled(engine, filter);
    if (!found) {
        throw EngineError("prune: listing dtx's resources: " + found.error().message);
    }
    auto runs = group_by_run(std::move(found.value()));

    PruneOutcome outcome;
    teardown::ResourceSet doomed;
    teardown::PruneRules rules{request.this_host, request.all};
    for (auto& [run_id, group] : runs) {
        if (may_be_pid_reuse(group.owner, request, lookup)) {
            group.owner.started = first_start(engine, group.resources);
        }
        teardown::PruneDecision decision = teardown::judge_run(group.owner, rules, lookup);
        if (!decision.remove) {
            reporter.note(fmt::format("left alone: run {} ({})", run_id, decision.reason));
            continue;
        }
        reporter.note(
            fmt::format("{} run {} ({})", request.dry_run ? "would remove" : "removing", run_id, decision.reason));
        append(doomed, teardown::removal_set(group.resources));
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
    auto report = teardown::remove_resources(engine, doomed);
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

int prune(const Runtime& rt, const PruneOptions& options, report::Reporter& reporter) {
    PruneRequest request;
    request.project = options.global.project_name;
    request.this_host = rt.host;
    request.all = options.all;
    request.dry_run = options.dry_run;
    auto engine = rt.connect_engine();
    auto outcome = prune_runs(*engine, request, rt.processes, reporter);
    for (const auto& line : outcome.would_remove) {
        std::fputs((line + "\n").c_str(), rt.out);
    }
    std::fflush(rt.out);
    return outcome.exit_code;
}

}  // namespace dtx::session
