#include "probe/healthcheck_probe.hpp"

#include "fakes/fake_clock.hpp"
#include "fakes/fake_engine.hpp"

#include <catch2/catch.hpp>

using namespace dtx::probe;
using dtx::fakes::FakeClock;
using dtx::fakes::FakeEngine;
using Argv = std::vector<std::string>;

TEST_CASE("a CMD healthcheck runs its arguments as argv", "[probe]") {
    CHECK(healthcheck_command({"CMD", "pg_isready", "-U", "app"}) == Argv{"pg_isready", "-U", "app"});
}

TEST_CASE("a CMD-SHELL healthcheck runs its line through /bin/sh -c", "[probe]") {
    CHECK(healthcheck_command({"CMD-SHELL", "pg_isready -U $$USER || exit 1"}) ==
          Argv{"/bin/sh", "-c", "pg_isready -U $$USER || exit 1"});
}

TEST_CASE("a healthcheck given as a plain string runs through /bin/sh -c", "[probe]") {
    CHECK(healthcheck_command({"redis-cli ping"}) == Argv{"/bin/sh", "-c", "redis-cli ping"});
}

TEST_CASE("a disabled, empty or malformed healthcheck has no command", "[probe]") {
    CHECK_FALSE(healthcheck_command({"NONE"}));
    CHECK_FALSE(healthcheck_command({}));
    CHECK_FALSE(healthcheck_command({"CMD"}));
    CHECK_FALSE(healthcheck_command({"CMD-SHELL"}));
}

TEST_CASE("the healthcheck probe of a disabled healthcheck is nullptr so the caller falls back", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    CHECK(healthcheck_probe(container_target(engine, "c1"), clock, {"NONE"}) == nullptr);
    CHECK(healthcheck_probe(container_target(engine, "c1"), clock, {}) == nullptr);
}

TEST_CASE("the healthcheck probe runs the CMD-SHELL test in the container and is ready on exit 0", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto id = engine.running("db");
    engine.script_exec("db", 1);
    engine.script_exec("db", 0);
    auto probe = healthcheck_probe(container_target(engine, id), clock, {"CMD-SHELL", "pg_isready"});
    REQUIRE(probe != nullptr);
    CHECK(probe->name() == "healthcheck");
    auto first = probe->check();
    CHECK(first.state == Readiness::not_yet);
    CHECK(first.reason == "exit 1");
    CHECK(probe->check().state == Readiness::ready);
    CHECK(engine.exec_commands() ==
          std::vector<Argv>{{"/bin/sh", "-c", "pg_isready"}, {"/bin/sh", "-c", "pg_isready"}});
}

TEST_CASE("the healthcheck probe runs a CMD test as argv, without a shell", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto id = engine.running("db");
    auto probe = healthcheck_probe(container_target(engine, id), clock, {"CMD", "redis-cli", "ping"});
    REQUIRE(probe != nullptr);
    CHECK(probe->check().state == Readiness::ready);
    CHECK(engine.exec_commands() == std::vector<Argv>{{"redis-cli", "ping"}});
}

TEST_CASE("the healthcheck probe fails when the container is not running", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto id = engine.running("db");
    engine.stop("db", 137);
    auto result = healthcheck_probe(container_target(engine, id), clock, {"CMD", "true"})->check();
    CHECK(result.state == Readiness::failed);
}
