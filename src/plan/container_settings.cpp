#include "plan/container_settings.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>

namespace dtx::plan {

namespace {

std::chrono::nanoseconds ns(const std::optional<compose::Millis>& d) {
    return d ? std::chrono::duration_cast<std::chrono::nanoseconds>(*d) : std::chrono::nanoseconds{0};
}

engine::HealthcheckConfig healthcheck_of(const compose::Healthcheck& h) {
    engine::HealthcheckConfig out;
    // `disable: true` and test NONE both switch the image's healthcheck off; an empty test keeps
    // the image's, with these timings.
    out.test = h.disable ? std::vector<std::string>{"NONE"} : h.test;
    out.interval = ns(h.interval);
    out.timeout = ns(h.timeout);
    out.start_period = ns(h.start_period);
    out.start_interval = ns(h.start_interval);
    out.retries = h.retries.value_or(0);
    return out;
}

// "size=8388608,mode=1770,noexec": the options string of HostConfig.Tmpfs.
std::string tmpfs_options(const compose::Tmpfs& t) {
    std::string out;
    auto add = [&](const std::string& option) { out += (out.empty() ? "" : ",") + option; };
    if (t.size) {
        add(fmt::format("size={}", *t.size));
    }
    if (t.mode) {
        add(fmt::format("mode={:o}", *t.mode));
    }
    for (const auto& flag : t.flags) {
        add(flag);
    }
    return out;
}

engine::Mount mount_of(const compose::Project& project, const compose::Mount& m, const std::string& run_id,
                       const engine::Labels& volume_labels) {
    engine::Mount out;
    out.target = m.target;
    out.read_only = m.read_only;
    if (m.type == "bind") {
        out.type = engine::Mount::Type::bind;
        out.source = m.source;
        out.selinux = m.selinux;
        out.propagation = m.propagation;
    } else if (m.type == "tmpfs") {
        out.type = engine::Mount::Type::tmpfs;
        out.tmpfs_size = m.tmpfs_size.value_or(0);
    } else {
        out.type = engine::Mount::Type::volume;
        out.no_copy = m.nocopy;
        bool external = false;
        if (!m.source.empty()) {
            out.source = run_volume_name(project, run_id, m.source);
            auto it = project.volumes.find(m.source);
            external = it != project.volumes.end() && it->second.external;
        }
        if (!external) {
            out.volume_labels = volume_labels;
        }
    }
    return out;
}

}  // namespace

std::string run_volume_name(const compose::Project& project, const std::string& run_id, const std::string& key) {
    auto it = project.volumes.find(key);
    if (it != project.volumes.end() && it->second.external) {
        return it->second.name;
    }
    return run_id + "_" + key;
}

void apply_service_settings(const compose::Project& project, const compose::Service& svc, const std::string& run_id,
                            const engine::Labels& volume_labels, engine::ContainerConfig& c) {
    c.image = svc.image;
    for (const auto& [key, value] : svc.environment) {
        c.env.push_back(value ? key + "=" + *value : key);  // a bare name removes the image's value
    }
    c.cmd = svc.command;
    c.entrypoint = svc.entrypoint;
    c.user = svc.user;
    c.working_dir = svc.working_dir;
    c.hostname = svc.hostname;
    for (const auto& [key, value] : svc.labels) {
        c.labels.emplace(key, value);  // dtx's own labels, set before, win
    }
    for (const auto& t : svc.tmpfs) {
        c.tmpfs[t.target] = tmpfs_options(t);
    }
    for (const auto& m : svc.volumes) {
        c.mounts.push_back(mount_of(project, m, run_id, volume_labels));
    }
    c.memory = svc.limits.memory.value_or(0);
    c.memory_reservation = svc.reservations.memory.value_or(0);
    c.nano_cpus = svc.limits.cpus ? std::llround(*svc.limits.cpus * 1e9) : 0;
    c.pids_limit = svc.limits.pids.value_or(0);
    c.shm_size = svc.shm_size.value_or(0);
    for (const auto& [name, u] : svc.ulimits) {
        c.ulimits.push_back({name, u.soft, u.hard});
    }
    c.cap_add = svc.cap_add;
    c.cap_drop = svc.cap_drop;
    c.init = svc.init;
    c.extra_hosts = svc.extra_hosts;
    c.stop_signal = svc.stop_signal;
    if (svc.stop_grace_period) {
        c.stop_timeout = static_cast<int>((svc.stop_grace_period->count() + 999) / 1000);
    }
    if (svc.healthcheck) {
        c.healthcheck = healthcheck_of(*svc.healthcheck);
    }
    for (const auto& [network, settings] : svc.networks) {
        for (const auto& alias : settings.aliases) {
            if (std::find(c.aliases.begin(), c.aliases.end(), alias) == c.aliases.end()) {
                c.aliases.push_back(alias);
            }
        }
    }
}

}  // namespace dtx::plan
