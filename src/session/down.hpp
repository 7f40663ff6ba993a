#pragma once
// `dtx down`: removing a project's `dtx up` environment, one run (e.g. kept with `dtx run --keep`),
// or every run of a project. Resources are found by dtx's labels, never by name.

#include "engine/engine.hpp"
#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"

#include <string>

namespace dtx::session {

// What down removes: the containers, volumes and networks carrying every label of `filter`.
struct DownTarget {
    engine::LabelFilter filter;
    std::string what;             // "run shop-1a2b3c", "project shop": for messages
    bool remove_volumes = false;  // named volumes too; anonymous ones always go
};

// The target the options name: `--run ID` that run, whatever its project; `--all` every run of the
// project; else the project's `dtx up` environment (run id = project name). The project is -p,
// else COMPOSE_PROJECT_NAME, else the spec's (loaded as other verbs do). Throws UsageError for a
// malformed project name, SpecError when there is no spec to name the project.
DownTarget down_target(const Runtime& rt, const DownOptions& options, report::Reporter& reporter);

// Force-removes the target's containers with their anonymous volumes, then its volumes (named
// ones only with remove_volumes), then its networks, each group in parallel. Reports every removal,
// every named volume kept, and every failure. Nothing to remove is not an error (it says so).
// Returns 0, or 125 when something could not be removed; throws EngineError when listing fails.
int take_down(engine::Engine& engine, const DownTarget& target, report::Reporter& reporter);

// take_down(down_target(options)) on the engine the environment names.
int down(const Runtime& rt, const DownOptions& options, report::Reporter& reporter);

}  // namespace dtx::session
