#include "teardown/inventory.hpp"

#include "engine/labels.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace dtx::teardown {

namespace {

void sort_by_name(std::vector<LabelledResource>& list) {
    std::sort(list.begin(), list.end(),
              [](const LabelledResource& a, const LabelledResource& b) { return a.name < b.name; });
}

std::vector<Removal> removals(const char* kind, const std::vector<LabelledResource>& list) {
    std::vector<Removal> out;
    out.reserve(list.size());
    for (const auto& r : list) {
        out.push_back({r.id, describe(kind, r)});
    }
    return out;
}

}  // namespace

std::string LabelledResource::label(const char* key) const {
    auto it = labels.find(key);
    return it == labels.end() ? "" : it->second;
}

bool matches(const engine::Labels& labels, const engine::LabelFilter& filter) {
    return std::all_of(filter.begin(), filter.end(), [&](const std::string& entry) {
        auto eq = entry.find('=');
        auto it = labels.find(entry.substr(0, eq));
        return it != labels.end() && (eq == std::string::npos || it->second == entry.substr(eq + 1));
    });
}

bool is_anonymous_volume(const std::string& name) {
    return name.size() == 64 && std::all_of(name.begin(), name.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string describe(const char* kind, const LabelledResource& resource) {
    return fmt::format("{} {} (run {})", kind, resource.name, resource.label(engine::label::k_run));
}

util::Result<Inventory> find_labelled(engine::Engine& engine, const engine::LabelFilter& filter) {
    Inventory out;
    auto containers = engine.list_containers(filter);
    if (!containers) {
        return containers.error();
    }
    for (const auto& c : containers.value()) {
        if (matches(c.labels, filter)) {
            out.containers.push_back({c.id, c.name.empty() ? c.id : c.name, c.labels});
        }
    }
    auto volumes = engine.list_volumes(filter);
    if (!volumes) {
        return volumes.error();
    }
    for (const auto& v : volumes.value()) {
        if (matches(v.labels, filter)) {
            out.volumes.push_back({v.name, v.name, v.labels});
        }
    }
    auto networks = engine.list_networks(filter);
    if (!networks) {
        return networks.error();
    }
    for (const auto& n : networks.value()) {
        if (matches(n.labels, filter)) {
            out.networks.push_back({n.id.empty() ? n.name : n.id, n.name.empty() ? n.id : n.name, n.labels});
        }
    }
    sort_by_name(out.containers);
    sort_by_name(out.volumes);
    sort_by_name(out.networks);
    return out;
}

ResourceSet removal_set(const Inventory& inventory) {
    return ResourceSet{removals("container", inventory.containers), removals("volume", inventory.volumes),
                       removals("network", inventory.networks)};
}

}  // namespace dtx::teardown
