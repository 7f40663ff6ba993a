#include "compose/keys.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace dtx::compose {

namespace {

// The keys of the Compose subset a test environment needs (README, "What `dtx run` does"): dtx acts on each of them.
constexpr auto k_service_honoured = std::to_array<std::string_view>(
    {"build",       "cap_add",           "cap_drop",    "command",     "cpus",         "depends_on",
     "deploy",      "entrypoint",        "env_file",    "environment", "expose",       "extra_hosts",
     "healthcheck", "hostname",          "image",       "init",        "labels",       "mem_limit",
     "networks",    "pids_limit",        "platform",    "ports",       "profiles",     "pull_policy",
     "shm_size",    "stop_grace_period", "stop_signal", "tmpfs",       "ulimits",      "user",
     "volumes",     "working_dir",       "extends",     "links",       "network_mode", "ipc",
     "pid",         "volumes_from"});

constexpr auto k_service_keys = std::to_array<std::string_view>({"annotations",
                                                                 "attach",
                                                                 "blkio_config",
                                                                 "build",
                                                                 "cap_add",
                                                                 "cap_drop",
                                                                 "cgroup",
                                                                 "cgroup_parent",
                                                                 "command",
                                                                 "configs",
                                                                 "container_name",
                                                                 "cpu_count",
                                                                 "cpu_percent",
                                                                 "cpu_period",
                                                                 "cpu_quota",
                                                                 "cpu_rt_period",
                                                                 "cpu_rt_runtime",
                                                                 "cpu_shares",
                                                                 "cpus",
                                                                 "cpuset",
                                                                 "credential_spec",
                                                                 "depends_on",
                                                                 "deploy",
                                                                 "develop",
                                                                 "device_cgroup_rules",
                                                                 "devices",
                                                                 "dns",
                                                                 "dns_opt",
                                                                 "dns_search",
                                                                 "domainname",
                                                                 "entrypoint",
                                                                 "env_file",
                                                                 "environment",
                                                                 "expose",
                                                                 "extends",
                                                                 "external_links",
                                                                 "extra_hosts",
                                                                 "gpus",
                                                                 "group_add",
                                                                 "healthcheck",
                                                                 "hostname",
                                                                 "image",
                                                                 "init",
                                                                 "ipc",
                                                                 "isolation",
                                                                 "label_file",
                                                                 "labels",
                                                                 "links",
                                                                 "logging",
                                                                 "mac_address",
                                                                 "mem_limit",
                                                                 "mem_reservation",
                                                                 "mem_swappiness",
                                                                 "memswap_limit",
                                                                 "network_mode",
                                                                 "networks",
                                                                 "oom_kill_disable",
                                                                 "oom_score_adj",
                                                                 "pid",
                                                                 "pids_limit",
                                                                 "platform",
                                                                 "ports",
                                                                 "post_start",
                                                                 "pre_stop",
                                                                 "privileged",
                                                                 "profiles",
                                                                 "pull_policy",
                                                                 "read_only",
                                                                 "restart",
                                                                 "runtime",
                                                                 "scale",
                                                                 "secrets",
                                                                 "security_opt",
                                                                 "shm_size",
                                                                 "stdin_open",
                                                                 "stop_grace_period",
                                                                 "stop_signal",
                                                                 "storage_opt",
                                                                 "sysctls",
                                                                 "tmpfs",
                                                                 "tty",
                                                                 "ulimits",
                                                                 "user",
                                                                 "userns_mode",
                                                                 "uts",
                                                                 "volumes",
                                                                 "volumes_from",
                                                                 "working_dir"});

constexpr auto k_top_level_keys = std::to_array<std::string_view>(
    {"configs", "include", "name", "networks", "secrets", "services", "version", "volumes"});

bool contains(std::span<const std::string_view> list, std::string_view key) {
    return std::find(list.begin(), list.end(), key) != list.end();
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::span<const std::string_view> service_keys() {
    return k_service_keys;
}

std::span<const std::string_view> top_level_keys() {
    return k_top_level_keys;
}

KeySupport service_key_support(std::string_view key) {
    if (contains(k_service_honoured, key)) {
        return KeySupport::honoured;
    }
    if (key.starts_with("x-")) {
        return KeySupport::honoured;  // extension fields are the user's own
    }
    return contains(service_keys(), key) ? KeySupport::ignored : KeySupport::unknown;
}

KeySupport top_level_key_support(std::string_view key) {
    if (key == "name" || key == "services" || key == "version" || key == "volumes" || key == "networks" ||
        key.starts_with("x-")) {
        return KeySupport::honoured;
    }
    return contains(top_level_keys(), key) ? KeySupport::ignored : KeySupport::unknown;
}

std::string closest_key(std::string_view key, std::span<const std::string_view> candidates) {
    std::string_view best;
    size_t best_distance = std::max<size_t>(2, key.size() / 3) + 1;
    for (auto candidate : candidates) {
        size_t d = edit_distance(key, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return std::string(best);
}

}  // namespace dtx::compose
