#pragma once
// IPv4 subnets for --subnet-pool: parsing a pool's CIDR, sizing a run's subnet, and walking the
// candidate subnets of a pool. Pure arithmetic; network.hpp asks the engine.

#include "util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dtx::plan {

inline constexpr int k_max_pool_prefix = 30;     // a bridge needs network, gateway, broadcast and one host
inline constexpr int k_default_run_prefix = 28;  // 16 addresses: room for ~10 services

struct Subnet {
    std::uint32_t address = 0;  // the network address, host bits zero
    int prefix = 0;             // 0..32

    std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix); }
    // "10.200.0.0/16"
    std::string to_string() const;
    bool operator==(const Subnet&) const = default;
};

// Parses an IPv4 CIDR such as "10.200.0.0/16". Fails (Errc::invalid) with a message that quotes the
// text and shows the expected form: on anything but four decimal octets and a prefix length, on host
// bits set (naming the network meant, e.g. 10.200.0.0/16 for "10.200.1.0/16"), and on a prefix
// longer than /30 (no room for a network).
util::Result<Subnet> parse_subnet(std::string_view text);

// The prefix length of a run's subnet inside `pool` for `services` containers: room for them, the
// network, gateway and broadcast addresses and a quarter more (at least 3), never smaller than /28;
// when the pool itself is smaller than that, the whole pool if it still holds them without the
// headroom. Fails (Errc::invalid) when the pool cannot hold them, naming the pool and the size needed.
util::Result<int> run_subnet_prefix(const Subnet& pool, std::size_t services);

// How many /prefix subnets `pool` holds; prefix must be at least pool.prefix.
std::uint64_t candidate_count(const Subnet& pool, int prefix);

// The index-th /prefix subnet of `pool`, index taken modulo candidate_count, so a walk from any
// start wraps around to the pool's beginning.
Subnet candidate(const Subnet& pool, int prefix, std::uint64_t index);

// A stable pseudo-random index in [0, count) derived from the run id (count > 0), so parallel runs
// with fresh ids start their walks far apart and rarely collide.
std::uint64_t first_candidate(std::string_view run_id, std::uint64_t count);

}  // namespace dtx::plan
