#include "teardown/teardown.hpp"

#include "engine/labels.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace dtx::teardown {

namespace {

// Enough to keep the engine busy without a thread per resource when prune finds hundreds.
constexpr size_t k_max_parallel = 16;

enum class Kind { container, volume, network };

const char* kind_word(Kind kind) {
    switch (kind) {
    case Kind::container:
        return "container";
    case Kind::volume:
        return "volume";
    case Kind::network:
        return "network";
    }
    return "?";
}

bool gone_or_ok(const util::Status& status) {
    return status.ok() || status.error().code == util::Errc::not_found;
}

util::Status remove_one(engine::Engine& engine, Kind kind, const std::string& id) {
    switch (kind) {
    case Kind::container:
        return engine.remove_container(id);
    case Kind::volume:
        return engine.remove_volume(id, true);
    case Kind::network:
        return engine.remove_network(id);
    }
    return util::fail(util::Errc::invalid, "unknown resource kind");
}

int& counter(TeardownReport& report, Kind kind) {
    switch (kind) {
    case Kind::container:
        return report.containers_removed;
    case Kind::volume:
        return report.volumes_removed;
    case Kind::network:
        break;
    }
    return report.networks_removed;
}

// Removes every item in parallel; counts what is gone, keeps a sentence for what is not. Lines
// are added in the items' order whatever order the removals finish in, so reports are stable.
void remove_all(engine::Engine& engine, Kind kind, const std::vector<Removal>& items, TeardownReport& report) {
    std::vector<util::Status> results(items.size(), util::ok_status());
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < items.size(); i = next++) {
            results[i] = remove_one(engine, kind, items[i].id);
        }
    };
    std::vector<std::thread> workers;
    size_t count = std::min(items.size(), k_max_parallel);
    workers.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        workers.emplace_back(work);
    }
    for (auto& w : workers) {
        w.join();
    }
    for (size_t i = 0; i < items.size(); ++i) {
        const Removal& item = items[i];
        if (gone_or_ok(results[i])) {
            ++counter(report, kind);
            // A container id is shortened as docker ps shows it.
            report.removed.push_back(
                item.display.empty()
                    ? fmt::format("{} {}", kind_word(kind), kind == Kind::container ? item.id.substr(0, 12) : item.id)
                    : item.display);
        } else if (item.display.empty()) {
            report.failures.push_back(results[i].error().message);
        } else {
            report.failures.push_back(item.display + ": " + results[i].error().message);
        }
    }
}

std::vector<Removal> by_id(const std::vector<std::string>& ids) {
    std::vector<Removal> out;
    out.reserve(ids.size());
    for (const auto& id : ids) {
        out.push_back({id, ""});
    }
    return out;
}

}  // namespace

TeardownReport teardown_run(engine::Engine& engine, const std::string& run_id,
                            const std::vector<std::string>& container_ids, const std::string& network) {
    TeardownReport report;
    remove_all(engine, Kind::container, by_id(container_ids), report);

    const engine::LabelFilter of_run = {std::string(engine::label::k_run) + "=" + run_id};
    auto leftovers = engine.list_containers(of_run);
    if (!leftovers) {
        report.failures.push_back("listing the run's containers: " + leftovers.error().message);
    } else {
        std::vector<std::string> stray;
        for (const auto& c : leftovers.value()) {
            if (std::find(container_ids.begin(), container_ids.end(), c.id) == container_ids.end()) {
                stray.push_back(c.id);
            }
        }
        remove_all(engine, Kind::container, by_id(stray), report);
    }

    // Named and anonymous volumes the engine created for the run carry its label (engines before
    // 23.0 keep anonymous --mount volumes on a forced removal, so the label is what finds them).
    auto volumes = engine.list_volumes(of_run);
    if (!volumes) {
        report.failures.push_back("listing the run's volumes: " + volumes.error().message);
    } else {
        std::vector<std::string> names;
        for (const auto& v : volumes.value()) {
            names.push_back(v.name);
        }
        remove_all(engine, Kind::volume, by_id(names), report);
    }

    if (!network.empty()) {
        remove_all(engine, Kind::network, by_id({network}), report);
    }
    return report;
}

TeardownReport remove_resources(engine::Engine& engine, const ResourceSet& resources) {
    TeardownReport report;
    remove_all(engine, Kind::container, resources.containers, report);
    remove_all(engine, Kind::volume, resources.volumes, report);
    remove_all(engine, Kind::network, resources.networks, report);
    return report;
}

}  // namespace dtx::teardown
