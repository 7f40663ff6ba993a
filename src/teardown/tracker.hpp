#pragma once
// What a session created so far, so teardown removes exactly that (plus strays found by label).

#include "engine/engine.hpp"
#include "report/reporter.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace dtx::teardown {

class ResourceTracker {
public:
    ResourceTracker(engine::Engine& engine, std::string run_id, report::Reporter& reporter);
    ~ResourceTracker();  // tears down unless released; never throws
    ResourceTracker(const ResourceTracker&) = delete;
    ResourceTracker& operator=(const ResourceTracker&) = delete;

    void network_created(const std::string& name);
    void container_created(const std::string& id);

    // Removes everything now (idempotent); reports what could not be removed.
    void teardown() noexcept;
    // Leaves everything in place (--keep): reports the run id and how to remove it later.
    void keep() noexcept;
    // Leaves everything in place without a word (`dtx up`, whose environment outlives it).
    void release() noexcept;

private:
    engine::Engine& m_engine;
    std::string m_run_id;
    report::Reporter& m_reporter;
    std::mutex m_mutex;
    std::string m_network;
    std::vector<std::string> m_containers;
    bool m_active = true;
};

}  // namespace dtx::teardown
