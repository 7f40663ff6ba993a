#include "session/unapplied.hpp"

namespace dtx::session {

std::vector<std::string> unapplied_keys(const spec::Service& s) {
    std::vector<std::string> keys;
    auto add = [&](bool set, const char* key) {
        if (set) {
            keys.emplace_back(key);
        }
    };
    bool has_aliases = false;
    for (const auto& [name, network] : s.networks) {
        has_aliases = has_aliases || !network.aliases.empty();
    }
    const auto& l = s.limits;
    const auto& r = s.reservations;
    add(s.entrypoint.has_value(), "entrypoint");
    add(!s.labels.empty(), "labels");
    add(s.healthcheck.has_value(), "healthcheck");
    add(!s.tmpfs.empty(), "tmpfs");
    add(!s.volumes.empty(), "volumes");
    add(l.cpus || l.memory || l.pids || r.cpus || r.memory || r.pids, "resource limits");
    add(s.shm_size.has_value(), "shm_size");
    add(!s.user.empty(), "user");
    add(!s.working_dir.empty(), "working_dir");
    add(!s.hostname.empty(), "hostname");
    add(!s.extra_hosts.empty(), "extra_hosts");
    add(s.init.has_value(), "init");
    add(!s.stop_signal.empty(), "stop_signal");
    add(!s.ulimits.empty(), "ulimits");
    add(!s.cap_add.empty() || !s.cap_drop.empty(), "cap_add/cap_drop");
    add(!s.platform.empty(), "platform");
    add(has_aliases, "network aliases");
    add(s.dtx.wait.has_value(), "x-dtx.wait");
    add(!s.dtx.exports.empty(), "x-dtx.export");
    add(!s.dtx.init.empty(), "x-dtx.init");
    return keys;
}

}  // namespace dtx::session
