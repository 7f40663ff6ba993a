// dtx down through the runtime: which project it names (-p, COMPOSE_PROJECT_NAME from the runtime's
// environment, the spec), and that it removes what carries its labels on the runtime's engine.
#include "session/down.hpp"

#include "engine/labels.hpp"
#include "fakes/fake_runtime.hpp"
#include "fakes/recording_reporter.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace dtx::session;
using Catch::Matchers::Contains;
using dtx::fakes::FakeWorld;
using dtx::fakes::RecordingReporter;
namespace label = dtx::engine::label;

namespace {

void container_of(FakeWorld& world, const std::string& name, const std::string& run, const std::string& project) {
    dtx::engine::ContainerConfig config;
    config.name = name;
    config.labels = {{label::k_run, run}, {label::k_project, project}, {label::k_service, "db"}};
    REQUIRE(world.engine->create_container(config));
}

}  // namespace

TEST_CASE("down names the project from COMPOSE_PROJECT_NAME in the runtime's environment", "[session][down]") {
    FakeWorld world;
    world.env["COMPOSE_PROJECT_NAME"] = "shop";
    RecordingReporter reporter;
    auto target = down_target(world.runtime(), DownOptions{}, reporter);
    CHECK(target.filter == std::vector<std::string>{"dev.dtx.run=shop", "dev.dtx.project=shop"});
}

TEST_CASE("down names the project from the spec in the working directory", "[session][down]") {
    FakeWorld world;
    world.dir.write("compose.yaml", "name: store\nservices:\n  db:\n    image: postgres:16\n");
    RecordingReporter reporter;
    CHECK(down_target(world.runtime(), DownOptions{}, reporter).what == "run store");
}

TEST_CASE("down without -p, COMPOSE_PROJECT_NAME or a spec says how to name the project", "[session][down]") {
    FakeWorld world;
    RecordingReporter reporter;
    CHECK_THROWS_WITH(down(world.runtime(), DownOptions{}, reporter), Contains("-p NAME") && Contains("--run ID"));
    CHECK(world.connects() == 0);
}

TEST_CASE("down removes the environment's containers and leaves other projects' alone", "[session][down]") {
    FakeWorld world;
    container_of(world, "dtx-shop-db", "shop", "shop");
    container_of(world, "dtx-other-db", "other", "other");
    RecordingReporter reporter;
    DownOptions options;
    options.global.project_name = "shop";
    CHECK(down(world.runtime(), options, reporter) == 0);
    CHECK(world.engine->has("remove dtx-shop-db"));
    CHECK_FALSE(world.engine->has("remove dtx-other-db"));
    CHECK_THAT(reporter.notes().back(), Contains("run shop: removed 1 container(s)"));
}

TEST_CASE("down --run and --all together are a usage error; an unreachable engine an engine error", "[session][down]") {
    FakeWorld world;
    RecordingReporter reporter;
    DownOptions both;
    both.run_id = "shop-1a2b3c";
    both.all = true;
    CHECK_THROWS_AS(down(world.runtime(), both, reporter), dtx::UsageError);
    world.engine_down = true;
    DownOptions run;
    run.run_id = "shop-1a2b3c";
    CHECK_THROWS_AS(down(world.runtime(), run, reporter), dtx::EngineError);
}
