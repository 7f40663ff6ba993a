#include "util/clock.hpp"

#include <algorithm>
#include <ctime>

namespace dtx::util {

namespace {
constexpr Duration k_slice = std::chrono::milliseconds(20);
}

TimePoint SystemClock::now() const {
    return std::chrono::steady_clock::now();
}

void SystemClock::sleep_for(Duration d) {
    auto deadline = now() + d;
    while (!m_stop.stop_requested()) {
        auto left = deadline - now();
        if (left <= Duration::zero()) {
            return;
        }
        // Short slices so that threads the signal was not delivered to notice it quickly too.
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::min<Duration>(left, k_slice)).count();
        timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
        nanosleep(&ts, nullptr);  // EINTR on a signal: the loop asks m_stop again
    }
}

long long to_ms(Duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace dtx::util
