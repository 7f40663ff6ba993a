#include "plan/unapplied.hpp"

namespace dtx::plan {

std::vector<std::string> unapplied_keys(const compose::Service& s) {
    std::vector<std::string> keys;
    auto add = [&](bool set, const char* key) {
        if (set) {
            keys.emplace_back(key);
        }
    };
    add(s.reservations.cpus.has_value() || s.reservations.pids.has_value(), "cpu and pids reservations");
    add(!s.platform.empty(), "platform");
    return keys;
}

}  // namespace dtx::plan
