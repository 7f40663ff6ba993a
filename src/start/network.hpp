#pragma once
// The run's bridge network.

#include "engine/engine.hpp"
#include "plan/plan.hpp"

namespace dtx::start {

// At most this many subnets of a pool are tried before giving up (an overlap answer takes < 1 ms).
inline constexpr std::uint64_t k_max_subnet_attempts = 4096;

// Creates the network `plan.network` with the plan's labels. Without a subnet pool the engine picks
// the subnet from its own address pools; with `plan.subnet_pool`, dtx asks for a free
// /plan.subnet_prefix in it, starting at a candidate derived from the run id and moving on to the
// next (wrapping around) while the engine answers that the subnet overlaps an existing network.
// Throws EngineError: when the engine's default pools are exhausted (naming the fixes: dtx prune,
// --subnet-pool, default-address-pools), when every candidate of the pool is taken (naming the
// pool), or on any other refusal (with the engine's message).
void create_run_network(engine::Engine& engine, const plan::Plan& plan);

}  // namespace dtx::start
