#include "probe/exec_probe.hpp"

#include "fakes/fake_clock.hpp"
#include "fakes/fake_engine.hpp"
#include "probe/address_probes.hpp"

#include <catch2/catch.hpp>

using namespace dtx::probe;
using dtx::fakes::FakeClock;
using dtx::fakes::FakeEngine;
using Argv = std::vector<std::string>;

TEST_CASE("the exec probe is ready when the command exits 0", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto id = engine.running("db");
    engine.script_exec("db", 0);
    auto probe = exec_probe(container_target(engine, id), clock, {"pg_isready", "-U", "app"});
    CHECK(probe->name() == "exec");
    CHECK(probe->check().state == Readiness::ready);
    CHECK(engine.exec_commands() == std::vector<Argv>{{"pg_isready", "-U", "app"}});
    CHECK(clock.sleeps().empty());
}

TEST_CASE("the exec probe is not ready when the command exits non-zero, and runs it again on the next check",
          "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto id = engine.running("db");
    engine.script_exec("db", 1);
    engine.script_exec("db", 0);
    auto probe = exec_probe(container_target(engine, id), clock, {"true"});
    auto first = probe->check();
    CHECK(first.state == Readiness::not_yet);
    CHECK(first.reason == "exit 1");
    CHECK(probe->check().state == Readiness::ready);
    CHECK(engine.exec_commands().size() == 2);
}

TEST_CASE("the exec probe polls a running command on the clock until it ends", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto id = engine.running("db");
    engine.script_exec("db", 0, 3);
    CHECK(exec_probe(container_target(engine, id), clock, {"true"})->check().state == Readiness::ready);
    using std::chrono::milliseconds;
    CHECK(clock.sleeps() == std::vector<dtx::util::Duration>{milliseconds(5), milliseconds(10), milliseconds(20)});
}

TEST_CASE("the exec probe gives up on a command still running after the attempt timeout", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto id = engine.running("db");
    engine.script_exec("db", 0, 1'000'000);
    auto result = exec_probe(container_target(engine, id), clock, {"sleep", "infinity"})->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "still running after 2000ms");
    CHECK(clock.elapsed() == k_attempt_timeout);
}

TEST_CASE("the exec probe fails when the engine refuses the exec because the container is not running", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto id = engine.running("db");
    engine.stop("db", 1);
    auto result = exec_probe(container_target(engine, id), clock, {"true"})->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "container " + id + " is not running");
}

TEST_CASE("the exec probe fails when the container is gone", "[probe]") {
    FakeEngine engine;
    FakeClock clock;
    auto result = exec_probe(container_target(engine, "c9"), clock, {"true"})->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "no such container: c9");
}
