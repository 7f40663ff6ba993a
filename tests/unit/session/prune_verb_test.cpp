// dtx prune through the runtime: owners asked of its process lookup on its host, the dry run printed
// on its output.
#include "session/prune.hpp"

#include "engine/labels.hpp"
#include "fakes/fake_runtime.hpp"
#include "fakes/recording_reporter.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace dtx::session;
using Catch::Matchers::Contains;
using dtx::fakes::FakeWorld;
using dtx::fakes::RecordingReporter;
namespace label = dtx::engine::label;

namespace {

// A container of run `run`, owned by `pid` on `host`.
void run_container(FakeWorld& world, const std::string& run, const std::string& pid, const std::string& host) {
    dtx::engine::ContainerConfig config;
    config.name = "dtx-" + run + "-db";
    config.labels = {{label::k_run, run},
                     {label::k_project, "shop"},
                     {label::k_service, "db"},
                     {label::k_owner_pid, pid},
                     {label::k_owner_host, host}};
    REQUIRE(world.engine->create_container(config));
}

}  // namespace

TEST_CASE("prune removes runs whose owner is gone on this host, asking the runtime's process lookup",
          "[session][prune]") {
    FakeWorld world;
    world.host = "ci-1";
    run_container(world, "shop-dead", "100", "ci-1");
    run_container(world, "shop-live", "200", "ci-1");
    run_container(world, "shop-far", "300", "ci-2");
    world.processes[200] = {true, std::nullopt};
    RecordingReporter reporter;
    CHECK(prune(world.runtime(), PruneOptions{}, reporter) == 0);
    CHECK(world.engine->has("remove dtx-shop-dead-db"));
    CHECK_FALSE(world.engine->has("remove dtx-shop-live-db"));
    CHECK_FALSE(world.engine->has("remove dtx-shop-far-db"));
    CHECK(world.output().empty());
}

TEST_CASE("prune --dry-run prints what it would remove on the runtime's output and removes nothing",
          "[session][prune]") {
    FakeWorld world;
    world.host = "ci-1";
    run_container(world, "shop-dead", "100", "ci-1");
    RecordingReporter reporter;
    PruneOptions options;
    options.dry_run = true;
    CHECK(prune(world.runtime(), options, reporter) == 0);
    CHECK(world.output() == "container dtx-shop-dead-db (run shop-dead)\n");
    CHECK_FALSE(world.engine->has("remove dtx-shop-dead-db"));
}

TEST_CASE("prune --all removes live owners' runs too", "[session][prune]") {
    FakeWorld world;
    world.host = "ci-1";
    run_container(world, "shop-live", "200", "ci-1");
    world.processes[200] = {true, std::nullopt};
    RecordingReporter reporter;
    PruneOptions options;
    options.all = true;
    CHECK(prune(world.runtime(), options, reporter) == 0);
    CHECK(world.engine->has("remove dtx-shop-live-db"));
}

TEST_CASE("prune without an engine is an engine error", "[session][prune]") {
    FakeWorld world;
    world.engine_down = true;
    RecordingReporter reporter;
    CHECK_THROWS_AS(prune(world.runtime(), PruneOptions{}, reporter), dtx::EngineError);
}
