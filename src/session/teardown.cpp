#include "session/teardown.hpp"

#include "engine/labels.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <mutex>
#include <thread>

namespace dtx::session {

namespace {

bool gone_or_ok(const util::Status& status) {
    return status.ok() || status.error().code == util::Errc::not_found;
}

// Runs `remove` on every id in parallel; counts what is gone, keeps a sentence for what is not.
template <class Remove>
void remove_all(const std::vector<std::string>& ids, Remove remove, int& removed, TeardownReport& report) {
    std::mutex mutex;
    std::vector<std::thread> workers;
    workers.reserve(ids.size());
    for (const auto& id : ids) {
        workers.emplace_back([&, id] {
            auto status = remove(id);
            std::lock_guard lock(mutex);
            if (gone_or_ok(status)) {
                ++removed;
            } else {
                report.failures.push_back(status.error().message);
            }
        });
    }
    for (auto& w : workers) {
        w.join();
    }
}

}  // namespace

TeardownReport teardown_run(engine::Engine& engine, const std::string& run_id,
                            const std::vector<std::string>& container_ids, const std::string& network) {
    TeardownReport report;
    auto remove_container = [&](const std::string& id) { return engine.remove_container(id); };
    remove_all(container_ids, remove_container, report.containers_removed, report);

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
        remove_all(stray, remove_container, report.containers_removed, report);
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
        remove_all(
            names, [&](const std::string& name) { return engine.remove_volume(name, true); }, report.volumes_removed,
            report);
    }

    if (!network.empty()) {
        if (auto status = engine.remove_network(network); !gone_or_ok(status)) {
            report.failures.push_back(status.error().message);
        }
    }
    return report;
}

}  // namespace dtx::session
