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

void remove_all(engine::Engine& engine, const std::vector<std::string>& ids, TeardownReport& report) {
    std::mutex mutex;
    std::vector<std::thread> workers;
    workers.reserve(ids.size());
    for (const auto& id : ids) {
        workers.emplace_back([&, id] {
            auto status = engine.remove_container(id);
            std::lock_guard lock(mutex);
            if (gone_or_ok(status)) {
                ++report.containers_removed;
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
    remove_all(engine, container_ids, report);

    auto leftovers = engine.list_containers({std::string(engine::label::k_run) + "=" + run_id});
    if (!leftovers) {
        report.failures.push_back("listing the run's containers: " + leftovers.error().message);
    } else {
        std::vector<std::string> stray;
        for (const auto& c : leftovers.value()) {
            if (std::find(container_ids.begin(), container_ids.end(), c.id) == container_ids.end()) {
                stray.push_back(c.id);
            }
        }
        remove_all(engine, stray, report);
    }

    if (!network.empty()) {
        if (auto status = engine.remove_network(network); !gone_or_ok(status)) {
            report.failures.push_back(status.error().message);
        }
    }
    return report;
}

}  // namespace dtx::session
