#pragma once
// `dtx prune`: garbage collection of dtx runs whose owner is gone, across projects.

#include "engine/engine.hpp"
#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"
#include "teardown/prune_select.hpp"

#include <string>
#include <vector>

namespace dtx::session {

struct PruneRequest {
    std::string project;    // only runs labelled dev.dtx.project=<project>; "": every project
    std::string this_host;  // this machine's hostname
    bool all = false;       // every run, whatever its owner
    bool dry_run = false;   // list, remove nothing
};

struct PruneOutcome {
    std::vector<std::string> would_remove;  // with dry_run: "container dtx-x-db (run x)", one per resource
    int exit_code = 0;                      // 125 when something could not be removed
};

// Finds every resource labelled dev.dtx.run (of request.project when set), groups them by run,
// decides each run's fate with judge_runs (asking `lookup` about owner processes on this host,
// and the engine when the run's containers started), and removes the resources of the runs it
// condemns: containers with their anonymous volumes, then volumes, then networks, in parallel.
// Reports every run left alone with why, every removal and every failure. With dry_run, removes
// nothing and returns the lines instead. Throws EngineError when listing fails.
PruneOutcome prune_runs(engine::Engine& engine, const PruneRequest& request, const teardown::ProcessLookup& lookup,
                        report::Reporter& reporter);

// prune_runs on the engine the environment names, for this machine's processes; an explicit -p
// limits it to that project. Prints the dry run's lines on rt.out. Returns the exit code.
int prune(const Runtime& rt, const PruneOptions& options, report::Reporter& reporter);

}  // namespace dtx::session
