#pragma once
// dtx's resources on the engine, found by label (never by name), for down and prune.

#include "engine/engine.hpp"
#include "teardown/teardown.hpp"

#include <string>
#include <vector>

namespace dtx::teardown {

struct LabelledResource {
    std::string id;    // what the engine removes: a container's or network's id, a volume's name
    std::string name;  // what people call it: the container's or network's name, the volume's name
    engine::Labels labels;

    // The value of label `key`, "" when it is missing.
    std::string label(const char* key) const;
};

// Containers, volumes and networks carrying a set of labels.
struct Inventory {
    std::vector<LabelledResource> containers;
    std::vector<LabelledResource> volumes;
    std::vector<LabelledResource> networks;

    bool empty() const { return containers.empty() && volumes.empty() && networks.empty(); }
};

// Lists the containers, volumes and networks carrying every label of `filter` ("key" or
// "key=value"), each group sorted by name. Whatever the engine answers without those labels is
// dropped, so an engine that ignores a filter never gets anything else removed. Fails with the
// engine's message when a listing fails.
util::Result<Inventory> find_labelled(engine::Engine& engine, const engine::LabelFilter& filter);

// True when `labels` carry every entry of `filter`.
bool matches(const engine::Labels& labels, const engine::LabelFilter& filter);

// A volume the engine named itself (64 hex digits): an anonymous one.
bool is_anonymous_volume(const std::string& name);

// "container dtx-r1-db (run r1)": how down and prune name a resource, by its dev.dtx.run label.
std::string describe(const char* kind, const LabelledResource& resource);

// The whole inventory as removals, described as above.
ResourceSet removal_set(const Inventory& inventory);

}  // namespace dtx::teardown
