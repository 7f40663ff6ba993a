// External volumes and networks must exist before a run creates anything: dtx never makes them.
#include "start/external_resources.hpp"

#include "fakes/fake_engine.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

using dtx::fakes::FakeEngine;
using dtx::start::require_external_resources;

namespace {

dtx::compose::Project project_using(const std::string& volume, const std::string& network) {
    dtx::compose::Project p;
    p.name = "shop";
    dtx::compose::Service svc;
    svc.name = "db";
    svc.image = "postgres:16";
    dtx::compose::Mount m;
    m.type = "volume";
    m.source = volume;
    m.target = "/data";
    svc.volumes.push_back(m);
    svc.networks[network] = {};
    p.services.push_back(svc);
    p.volumes[volume] = {"team_data", true};
    p.networks[network] = {"ci_net", true};
    p.volumes["unused"] = {"not_there", true};  // no service uses it: not asked for
    return p;
}

}  // namespace

TEST_CASE("an external volume or network that does not exist is one error naming it and how to create it", "[start]") {
    FakeEngine engine;
    auto project = project_using("data", "shared");
    CHECK_THROWS_WITH(require_external_resources(engine, project),
                      "volumes.data: the external volume \"team_data\" does not exist; create it first (docker volume "
                      "create team_data) or drop external: true so that each run gets its own");
    engine.add_volume("team_data");
    CHECK_THROWS_WITH(require_external_resources(engine, project),
                      Catch::Contains("networks.shared: the external network \"ci_net\" does not exist"));
    dtx::engine::NetworkConfig net;
    net.name = "ci_net";
    REQUIRE(engine.create_network(net));
    CHECK_NOTHROW(require_external_resources(engine, project));
}

TEST_CASE("an engine that cannot tell whether an external volume exists is an engine error", "[start]") {
    FakeEngine engine;
    engine.fail("inspect_volume", "team_data", {dtx::util::Errc::unavailable, "connection refused"});
    CHECK_THROWS_AS(require_external_resources(engine, project_using("data", "shared")), dtx::EngineError);
}
