#pragma once
// Repeated status lines at a bounded rate: a line whose reason changed goes out at once, the same
// reason again only once `every` has passed since the last line that went out.

#include "util/clock.hpp"

#include <string>

namespace dtx::util {

class ReasonThrottle {
public:
    explicit ReasonThrottle(Duration every) : m_every(every) {}

    // True when a line for `reason` should be written at `now` (and records it as written): the
    // first call, a reason other than the last one written, or `every` after the last one.
    bool allow(const std::string& reason, TimePoint now);

private:
    Duration m_every;
    bool m_any = false;
    std::string m_last;
    TimePoint m_last_at{};
};

}  // namespace dtx::util
