#include "start/network.hpp"

#include "plan/subnet_pool.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>

namespace dtx::start {

namespace {

bool contains(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

// Engine 20.10: "could not find an available, non-overlapping IPv4 address pool among the defaults
// to assign to the network"; older: "could not find an available predefined network"; 23+: "all
// predefined address pools have been fully subnetted".
bool pools_exhausted(const util::Failure& failure) {
    std::string m = util::lower(failure.message);
    return contains(m, "non-overlapping") || contains(m, "available predefined network") ||
           contains(m, "fully subnetted");
}

// Engine 20.10 answers 403 "Pool overlaps with other one on this address space"; the bridge driver
// may instead say "networks have overlapping IPv4".
bool subnet_taken(const util::Failure& failure) {
    std::string m = util::lower(failure.message);
    return !pools_exhausted(failure) && (contains(m, "overlaps") || contains(m, "overlapping"));
}

[[noreturn]] void throw_create_failure(const plan::Plan& plan, const util::Failure& failure) {
    if (pools_exhausted(failure)) {
        throw EngineError(fmt::format(
            "cannot create network {}: the engine has used up its address pools for bridge networks (the defaults "
            "hold about 31), so remove leftovers of earlier runs with `dtx prune`, pass --subnet-pool 10.200.0.0/16 "
            "(or set DTX_SUBNET_POOL) so dtx picks small subnets itself, or add default-address-pools to "
            "/etc/docker/daemon.json",
            plan.network));
    }
    throw EngineError(fmt::format("cannot create network {}: {}", plan.network, failure.message));
}

void create_in_pool(engine::Engine& engine, const plan::Plan& plan, const plan::Subnet& pool) {
    int prefix = std::max(plan.subnet_prefix, pool.prefix);
    std::uint64_t count = plan::candidate_count(pool, prefix);
    std::uint64_t attempts = std::min(count, k_max_subnet_attempts);
    std::uint64_t start = plan::first_candidate(plan.run_id, count);
    for (std::uint64_t i = 0; i < attempts; ++i) {
        plan::Subnet subnet = plan::candidate(pool, prefix, start + i);
        auto id = engine.create_network(engine::NetworkConfig{plan.network, plan.network_labels, subnet.to_string()});
        if (id) {
            return;
        }
        if (!subnet_taken(id.error())) {
            throw_create_failure(plan, id.error());
        }
    }
    std::string tried = attempts == count ? fmt::format("all {}", count) : fmt::format("{} of its {}", attempts, count);
    throw EngineError(fmt::format(
        "cannot create network {}: every /{} subnet of the pool {} that dtx tried ({}) overlaps an existing network; "
        "remove leftovers with `dtx prune`, or pass a larger or unused --subnet-pool",
        plan.network, prefix, pool.to_string(), tried));
}

}  // namespace

void create_run_network(engine::Engine& engine, const plan::Plan& plan) {
    if (plan.subnet_pool) {
        create_in_pool(engine, plan, *plan.subnet_pool);
        return;
    }
    auto id = engine.create_network(engine::NetworkConfig{plan.network, plan.network_labels});
    if (!id) {
        throw_create_failure(plan, id.error());
    }
}

}  // namespace dtx::start
