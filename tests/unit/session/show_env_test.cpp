// dtx env through the runtime: the variables of the running `dtx up` environment, on its output.
#include "session/show_env.hpp"

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

const char* const k_spec = "name: shop\nservices:\n  cache:\n    image: redis:7\n    expose: [\"6379\"]\n";

// A running container of `dtx up`'s environment of project shop (run id = project name).
std::string up_container(FakeWorld& world, const std::string& service, std::uint16_t port) {
    dtx::engine::ContainerConfig config;
    config.name = "dtx-shop-" + service;
    config.image = "redis:7";
    config.labels = {{label::k_run, "shop"}, {label::k_project, "shop"}, {label::k_service, service}};
    config.ports = {dtx::engine::PortConfig{port, "tcp", "127.0.0.1", 0}};
    auto id = world.engine->create_container(config);
    REQUIRE(id);
    REQUIRE(world.engine->start_container(*id));
    return *id;
}

}  // namespace

TEST_CASE("env prints the connection variables of the running environment in the chosen format", "[session][env]") {
    FakeWorld world;
    world.dir.write("compose.yaml", k_spec);
    up_container(world, "cache", 6379);
    RecordingReporter reporter;
    EnvOptions options;
    CHECK(show_env(world.runtime(), options, reporter) == 0);
    std::string out = world.output();
    // The fake engine publishes a container's first port on 40010.
    CHECK_THAT(out, Contains("export DTX_CACHE_HOST='127.0.0.1'\n"));
    CHECK_THAT(out, Contains("export DTX_CACHE_PORT='40010'\n"));
    CHECK_THAT(out, Contains("export REDIS_URL='redis://127.0.0.1:40010/0'\n"));

    FakeWorld dotenv;
    dotenv.dir.write("compose.yaml", k_spec);
    up_container(dotenv, "cache", 6379);
    options.format = dtx::env::EnvFormat::dotenv;
    CHECK(show_env(dotenv.runtime(), options, reporter) == 0);
    CHECK_THAT(dotenv.output(), Contains("DTX_CACHE_PORT=40010\n") && !Contains("export "));
}

TEST_CASE("env of an environment that is not up fails with 1 and says how to start it", "[session][env]") {
    FakeWorld world;
    world.dir.write("compose.yaml", k_spec);
    RecordingReporter reporter;
    try {
        show_env(world.runtime(), EnvOptions{}, reporter);
        FAIL("no NotUpError");
    } catch (const NotUpError& e) {
        CHECK(e.exit_code() == k_env_not_up);
        CHECK_THAT(e.what(), Contains("dtx up -d"));
    }
    CHECK(world.output().empty());
}

TEST_CASE("env leaves out a stopped service and says why", "[session][env]") {
    FakeWorld world;
    world.dir.write("compose.yaml", k_spec);
    up_container(world, "cache", 6379);
    world.engine->stop("dtx-shop-cache", 0);
    RecordingReporter reporter;
    CHECK_THROWS_AS(show_env(world.runtime(), EnvOptions{}, reporter), NotUpError);
    CHECK_THAT(reporter.notes().at(0), Contains("cache: left out, its container is exited"));
}

TEST_CASE("env without an engine is an engine error", "[session][env]") {
    FakeWorld world;
    world.dir.write("compose.yaml", k_spec);
    world.engine_down = true;
    RecordingReporter reporter;
    CHECK_THROWS_AS(show_env(world.runtime(), EnvOptions{}, reporter), dtx::EngineError);
}
