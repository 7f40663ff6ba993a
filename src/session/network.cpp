#include "session/network.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

namespace dtx::session {

void create_run_network(engine::Engine& engine, const Plan& plan) {
    auto id = engine.create_network(engine::NetworkSpec{plan.network, plan.network_labels});
    if (!id) {
        throw EngineError(fmt::format("cannot create network {}: {}", plan.network, id.error().message));
    }
}

}  // namespace dtx::session
