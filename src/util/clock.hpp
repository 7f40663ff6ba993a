#pragma once
// The only source of time for timing logic, so a fake clock can drive it in tests.

#include "util/stop.hpp"

#include <chrono>

namespace dtx::util {

using Duration = std::chrono::steady_clock::duration;
using TimePoint = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;  // calendar time: file and engine timestamps
using std::chrono::milliseconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    virtual void sleep_for(Duration d) = 0;
};

// steady_clock; sleep_for returns early once `stop` is requested (by default: a termination signal).
class SystemClock final : public Clock {
public:
    explicit SystemClock(StopToken stop = StopToken::from_signals()) : m_stop(std::move(stop)) {}
    TimePoint now() const override;
    void sleep_for(Duration d) override;

private:
    StopToken m_stop;
};

long long to_ms(Duration d);

}  // namespace dtx::util
