#include "teardown/tracker.hpp"

#include "teardown/teardown.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <chrono>

namespace dtx::teardown {

ResourceTracker::ResourceTracker(engine::Engine& engine, std::string run_id, report::Reporter& reporter)
    : m_engine(engine), m_run_id(std::move(run_id)), m_reporter(reporter) {}

namespace {

// How to remove what is left of run `run_id`: dtx itself, or the docker CLI where dtx is not at hand.
std::string cleanup_commands(const std::string& run_id) {
    return fmt::format(
        "dtx down --run {0} -v (or: docker rm -f $(docker ps -aq --filter label=dev.dtx.run={0}); docker volume rm "
        "$(docker volume ls -q --filter label=dev.dtx.run={0}); docker network rm dtx-{0})",
        run_id);
}

}  // namespace

ResourceTracker::~ResourceTracker() {
    teardown();
}

void ResourceTracker::keep() noexcept {
    try {
        std::lock_guard lock(m_mutex);
        if (!m_active) {
            return;
        }
        m_active = false;
        m_reporter.note(fmt::format("kept run {}: {} container(s){} stay; remove them with: {}", m_run_id,
                                    m_containers.size(), m_network.empty() ? "" : " and network " + m_network,
                                    cleanup_commands(m_run_id)));
    } catch (...) {
        // Like teardown: never throws.
    }
}

void ResourceTracker::release() noexcept {
    std::lock_guard lock(m_mutex);
    m_active = false;
}

void ResourceTracker::network_created(const std::string& name) {
    std::lock_guard lock(m_mutex);
    m_network = name;
}

void ResourceTracker::container_created(const std::string& id) {
    std::lock_guard lock(m_mutex);
    m_containers.push_back(id);
}

void ResourceTracker::teardown() noexcept {
    try {
        std::lock_guard lock(m_mutex);
        if (!m_active) {
            return;
        }
        m_active = false;
        auto start = std::chrono::steady_clock::now();
        spdlog::debug("teardown of run {}: {} container(s), then the run's volumes, then {}", m_run_id,
                      m_containers.size(), m_network.empty() ? "no network" : "network " + m_network);
        auto report = teardown_run(m_engine, m_run_id, m_containers, m_network);
        auto elapsed = std::chrono::steady_clock::now() - start;
        for (const auto& removed : report.removed) {
            spdlog::debug("teardown: removed {}", removed);
        }
        for (const auto& failure : report.failures) {
            m_reporter.warning("teardown: " + failure);
        }
        if (!report.failures.empty()) {
            m_reporter.warning(fmt::format("some resources of run {} remain; remove them with: {}", m_run_id,
                                           cleanup_commands(m_run_id)));
        }
        m_reporter.note(fmt::format("removed {} container(s){} in {} ms", report.containers_removed,
                                    m_network.empty() ? "" : " and network " + m_network, util::to_ms(elapsed)));
    } catch (...) {
        // Teardown must never throw; the report above is best effort.
    }
}

}  // namespace dtx::teardown
