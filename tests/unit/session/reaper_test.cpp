#include "session/reaper.hpp"

#include "fakes/fake_clock.hpp"
#include "fakes/fake_engine.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace dtx::session;
using dtx::fakes::FakeClock;
using dtx::fakes::FakeEngine;
using namespace std::chrono_literals;

TEST_CASE("the reaper sweeps again until a sweep finds nothing after the settle time", "[session][reaper]") {
    FakeClock clock;
    std::vector<int> found = {2, 0, 1, 0, 0, 0, 0, 0};
    size_t calls = 0;
    int left = sweep_until_quiet(
        clock, [&] { return found[calls++]; }, SweepSchedule{300ms, 1s, 10s});
    CHECK(left == 0);
    // 0, 300 and 900 ms are too early to trust a quiet sweep; 1200 ms ends it.
    CHECK(calls == 5);
    CHECK(clock.elapsed() == 1200ms);
}

TEST_CASE("the reaper gives up when resources keep being found", "[session][reaper]") {
    FakeClock clock;
    int calls = 0;
    int left = sweep_until_quiet(
        clock,
        [&] {
            ++calls;
            return 1;
        },
        SweepSchedule{300ms, 1s, 3s});
    CHECK(left == 1);
    CHECK(clock.elapsed() >= 3s);
    CHECK(clock.elapsed() < 3s + 300ms);
    CHECK(calls == 11);
}

TEST_CASE("a sweep removes the run's containers and counts what it found; the next finds nothing",
          "[session][reaper]") {
    FakeEngine engine;
    dtx::engine::ContainerConfig spec;
    spec.name = "dtx-r1-db";
    spec.labels["dev.dtx.run"] = "r1";
    REQUIRE(engine.create_container(spec));
    spec.name = "dtx-r1-cache";
    REQUIRE(engine.create_container(spec));
    SweepTotals totals;
    CHECK(sweep_run(engine, "r1", "dtx-r1", totals) == 2);
    CHECK(totals.containers_removed == 2);
    CHECK(totals.failures.empty());
    CHECK(engine.position("remove dtx-r1-db") >= 0);
    CHECK(sweep_run(engine, "r1", "dtx-r1", totals) == 0);
    CHECK(totals.containers_removed == 2);
}

TEST_CASE("the reaper finds the command's process group in the notes on its pipe", "[session][reaper]") {
    CHECK(command_group({}) == std::nullopt);
    CHECK(command_group({"group 4242"}) == 4242);
    CHECK(command_group({"hello", "group 12", "group 34"}) == 34);
    // Never a group that kill(2) would read as "every process": 0, 1, negative or malformed.
    CHECK(command_group({"group 0", "group 1", "group -5", "group 12x", "group "}) == std::nullopt);
}
