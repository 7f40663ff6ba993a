#pragma once
// Removing everything a run created. Never throws, never stops at the first failure.

#include "engine/engine.hpp"

#include <string>
#include <vector>

namespace dtx::teardown {

struct TeardownReport {
    int containers_removed = 0;
    int volumes_removed = 0;
    int networks_removed = 0;
    std::vector<std::string> removed;   // what went, one "container dtx-r1-db"-like line each, in removal order
    std::vector<std::string> failures;  // one sentence per resource that could not be removed
};

// Force-removes `container_ids` with their anonymous volumes, in parallel, then any container
// still labelled with the run (one whose create answer was lost), then the volumes labelled with
// the run, then the network `network` (skipped when empty). "Already gone" counts as removed.
TeardownReport teardown_run(engine::Engine& engine, const std::string& run_id,
                            const std::vector<std::string>& container_ids, const std::string& network);

// One resource to remove: `id` is what the engine is asked to remove (a container's or network's
// id, a volume's name); `display` is how messages name it ("container dtx-r1-db (run r1)").
struct Removal {
    std::string id;
    std::string display;
};

// Resources already chosen (by label) for removal.
struct ResourceSet {
    std::vector<Removal> containers;
    std::vector<Removal> volumes;
    std::vector<Removal> networks;

    bool empty() const { return containers.empty() && volumes.empty() && networks.empty(); }
};

// Force-removes the containers with their anonymous volumes, then the volumes, then the networks;
// each group in parallel. "Already gone" counts as removed; `removed` lists the displays, and each
// failure is "<display>: <the engine's message>".
TeardownReport remove_resources(engine::Engine& engine, const ResourceSet& resources);

}  // namespace dtx::teardown
