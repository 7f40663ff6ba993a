#include "session/down.hpp"

#include "engine/labels.hpp"
#include "session/load.hpp"
#include "teardown/inventory.hpp"
#include "teardown/teardown.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <chrono>

namespace dtx::session {

namespace {

std::string label_is(const char* key, const std::string& value) {
    return std::string(key) + "=" + value;
}

// -p, else COMPOSE_PROJECT_NAME, else the spec's name: the loader's own precedence, without
// needing a spec file when the name is given (as `docker compose -p NAME down` does).
std::string project_name(const Runtime& rt, const GlobalOptions& global, report::Reporter& reporter) {
    std::string name = global.project_name;
    const char* source = "-p/--project-name";
    if (name.empty()) {
        name = rt.env("COMPOSE_PROJECT_NAME").value_or("");
        source = "COMPOSE_PROJECT_NAME";
    }
    if (!name.empty()) {
        if (load::normalize_project_name(name) != name) {
            throw UsageError(
                fmt::format("{}: project name \"{}\" must be lowercase letters, digits, '-' or '_', "
                            "starting with a letter or digit",
                            source, name));
        }
        return name;
    }
    auto loaded = [&] {
        try {
            return load_spec(rt, global, reporter, false);
        } catch (const SpecError& e) {
            throw SpecError(std::string(e.what()) + "; or name the project with -p NAME, or the run with --run ID");
        }
    }();
    if (loaded.project.name.empty()) {
        throw SpecError(loaded.errors.empty() ? "the spec names no project" : loaded.errors.front());
    }
    return loaded.project.name;
}

// Splits off the named volumes down keeps without -v.
std::vector<teardown::LabelledResource> take_named_volumes(teardown::Inventory& inventory) {
    std::vector<teardown::LabelledResource> named;
    std::vector<teardown::LabelledResource> anonymous;
    for (auto& v : inventory.volumes) {
        (teardown::is_anonymous_volume(v.name) ? anonymous : named).push_back(std::move(v));
    }
    inventory.volumes = std::move(anonymous);
    return named;
}

}  // namespace

DownTarget down_target(const Runtime& rt, const DownOptions& options, report::Reporter& reporter) {
    DownTarget target;
    target.remove_volumes = options.remove_volumes;
    if (!options.run_id.empty()) {
        target.filter = {label_is(engine::label::k_run, options.run_id)};
        target.what = "run " + options.run_id;
        return target;
    }
    std::string project = project_name(rt, options.global, reporter);
    if (options.all) {
        target.filter = {label_is(engine::label::k_project, project)};
        target.what = "project " + project;
    } else {
        // `dtx up` uses the project name as its run id.
        target.filter = {label_is(engine::label::k_run, project), label_is(engine::label::k_project, project)};
        target.what = "run " + project;
    }
    return target;
}

int take_down(engine::Engine& engine, const DownTarget& target, report::Reporter& reporter) {
    auto start = std::chrono::steady_clock::now();
    auto found = teardown::find_labelled(engine, target.filter);
    if (!found) {
        throw EngineError(fmt::format("down: listing the resources of {}: {}", target.what, found.error().message));
    }
    teardown::Inventory inventory = std::move(found.value());
    std::vector<teardown::LabelledResource> kept;
    if (!target.remove_volumes) {
        kept = take_named_volumes(inventory);
    }
    for (const auto& v : kept) {
        reporter.note(
            fmt::format("kept {}: named volumes stay unless down is given -v", teardown::describe("volume", v)));
    }
    if (inventory.empty()) {
        reporter.note(fmt::format("nothing to remove: no dtx containers, {}or networks of {}",
                                  kept.empty() ? "volumes " : "anonymous volumes ", target.what));
        return exit_code::k_ok;
    }
    auto report = teardown::remove_resources(engine, teardown::removal_set(inventory));
    for (const auto& line : report.removed) {
        reporter.note("removed " + line);
    }
    for (const auto& failure : report.failures) {
        reporter.error("could not remove " + failure);
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    reporter.note(fmt::format("{}: removed {} container(s), {} volume(s), {} network(s) in {} ms", target.what,
                              report.containers_removed, report.volumes_removed, report.networks_removed,
                              util::to_ms(elapsed)));
    if (!report.failures.empty()) {
        reporter.error(fmt::format("{} resource(s) of {} could not be removed", report.failures.size(), target.what));
        return exit_code::k_dtx_failure;
    }
    return exit_code::k_ok;
}

int down(const Runtime& rt, const DownOptions& options, report::Reporter& reporter) {
    if (!options.run_id.empty() && options.all) {
        throw UsageError("down: --run and --all exclude each other");
    }
    DownTarget target = down_target(rt, options, reporter);
    auto engine = rt.connect_engine();
    return take_down(*engine, target, reporter);
}

}  // namespace dtx::session
