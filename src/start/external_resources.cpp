#include "start/external_resources.hpp"

#include "util/error.hpp"

#include <fmt/format.h>
#include <set>

namespace dtx::start {

namespace {

// Fails unless `found` says it exists: `what` is "volume" or "network", `key` its key in the spec.
template <typename Found>
void require(const Found& found, const char* what, const std::string& key, const std::string& name) {
    if (found) {
        return;
    }
    if (found.error().code != util::Errc::not_found) {
        throw EngineError(fmt::format("cannot look up the external {} {}: {}", what, name, found.error().message));
    }
    throw SpecError(
        fmt::format("{}s.{}: the external {} \"{}\" does not exist; create it first (docker {} create {}) "
                    "or drop external: true so that each run gets its own",
                    what, key, what, name, what, name));
}

}  // namespace

void require_external_resources(engine::Engine& engine, const compose::Project& project) {
    std::set<std::string> volumes;
    std::set<std::string> networks;
    for (const auto& svc : project.services) {
        for (const auto& m : svc.volumes) {
            if (m.type == "volume" && !m.source.empty()) {
                volumes.insert(m.source);
            }
        }
        for (const auto& [key, settings] : svc.networks) {
            networks.insert(key);
        }
    }
    for (const auto& key : volumes) {
        auto it = project.volumes.find(key);
        if (it != project.volumes.end() && it->second.external) {
            require(engine.inspect_volume(it->second.name), "volume", key, it->second.name);
        }
    }
    for (const auto& key : networks) {
        auto it = project.networks.find(key);
        if (it != project.networks.end() && it->second.external) {
            require(engine.inspect_network(it->second.name), "network", key, it->second.name);
        }
    }
}

}  // namespace dtx::start
