#pragma once
// Removing everything a run created. Never throws, never stops at the first failure.

#include "engine/engine.hpp"

#include <string>
#include <vector>

namespace dtx::session {

struct TeardownReport {
    int containers_removed = 0;
    int volumes_removed = 0;
    std::vector<std::string> failures;  // one sentence per resource that could not be removed
};

// Force-removes `container_ids` with their anonymous volumes, in parallel, then any container
// still labelled with the run (one whose create answer was lost), then the volumes labelled with
// the run, then the network `network` (skipped when empty). "Already gone" counts as removed.
TeardownReport teardown_run(engine::Engine& engine, const std::string& run_id,
                            const std::vector<std::string>& container_ids, const std::string& network);

}  // namespace dtx::session
