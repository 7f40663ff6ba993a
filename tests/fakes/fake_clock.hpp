#pragma once
// A util::Clock for tests: time stands still until sleep_for advances it, instantly. Every sleep is
// recorded so tests can check the back-off schedule without waiting. Safe to share between the
// threads of concurrent waiters.

#include "util/clock.hpp"

#include <mutex>
#include <vector>

namespace dtx::fakes {

class FakeClock final : public dtx::util::Clock {
public:
    dtx::util::TimePoint now() const override {
        std::lock_guard lock(m_mutex);
        return m_now;
    }

    void sleep_for(dtx::util::Duration d) override {
        std::lock_guard lock(m_mutex);
        m_sleeps.push_back(d);
        m_now += d;
    }

    // Moves time forward without recording a sleep (time spent "inside" a probe, say).
    void advance(dtx::util::Duration d) {
        std::lock_guard lock(m_mutex);
        m_now += d;
    }

    std::vector<dtx::util::Duration> sleeps() const {
        std::lock_guard lock(m_mutex);
        return m_sleeps;
    }

    // Time passed since the clock was made.
    dtx::util::Duration elapsed() const { return now() - k_start; }

private:
    static constexpr dtx::util::TimePoint k_start{std::chrono::hours(1)};
    mutable std::mutex m_mutex;
    dtx::util::TimePoint m_now = k_start;
    std::vector<dtx::util::Duration> m_sleeps;
};

}  // namespace dtx::fakes
