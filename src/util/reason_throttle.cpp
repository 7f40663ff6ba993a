#include "util/reason_throttle.hpp"

namespace dtx::util {

bool ReasonThrottle::allow(const std::string& reason, TimePoint now) {
    if (m_any && reason == m_last && now - m_last_at < m_every) {
        return false;
    }
    m_any = true;
    m_last = reason;
    m_last_at = now;
    return true;
}

}  // namespace dtx::util
