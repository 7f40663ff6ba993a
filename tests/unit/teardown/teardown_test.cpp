#include "teardown/teardown.hpp"
#include "teardown/tracker.hpp"

#include "fakes/fake_engine.hpp"
#include "fakes/recording_reporter.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dtx::teardown;
using dtx::fakes::FakeEngine;
using dtx::fakes::RecordingReporter;
using dtx::util::Errc;

using Catch::Matchers::VectorContains;

namespace {

const dtx::engine::Labels k_r1 = {{"dev.dtx.run", "r1"}};

}  // namespace

TEST_CASE("teardown removes the run's containers, strays found by label, then the network", "[session]") {
    FakeEngine engine;
    auto db = engine.running("dtx-r1-db", k_r1);
    engine.running("dtx-r1-cache", k_r1);                  // a stray: created, but not in the list given
    engine.running("dtx-r2-db", {{"dev.dtx.run", "r2"}});  // another run's
    engine.add_volume("r1_data", k_r1);
    engine.add_volume("4f1c", k_r1);
    engine.fail("remove_volume", "4f1c", {Errc::not_found, "removing volume 4f1c: no such volume"});  // already gone
    engine.add_volume("r2_data", {{"dev.dtx.run", "r2"}});
    engine.add_network("dtx-r1", k_r1);
    auto report = teardown_run(engine, "r1", {db, "c9"}, "dtx-r1");  // c9: already gone
    CHECK(report.containers_removed == 3);
    CHECK(report.volumes_removed == 2);
    CHECK(report.failures.empty());
    auto removed = engine.calls_starting("remove ");
    CHECK_THAT(removed, VectorContains(std::string("remove dtx-r1-db")));
    CHECK_THAT(removed, VectorContains(std::string("remove dtx-r1-cache")));
    CHECK_THAT(removed, VectorContains(std::string("remove volume r1_data")));
    CHECK_THAT(removed, !VectorContains(std::string("remove dtx-r2-db")));
    CHECK_THAT(removed, !VectorContains(std::string("remove volume r2_data")));
    CHECK(engine.calls().back() == "remove network dtx-r1");
    CHECK(engine.listings() == std::vector<std::string>{"containers: dev.dtx.run=r1", "volumes: dev.dtx.run=r1"});
    CHECK_FALSE(engine.has_network("dtx-r1"));
}

TEST_CASE("teardown goes on after failures and reports each one", "[session]") {
    FakeEngine engine;
    auto c1 = engine.running("dtx-r1-db", k_r1);
    auto c2 = engine.running("dtx-r1-cache", k_r1);
    engine.fail("remove_container", c1, {Errc::server, "removing container c1: driver failed"});
    engine.add_network("dtx-r1", k_r1);
    engine.fail("remove_network", "dtx-r1", {Errc::conflict, "removing network dtx-r1: network has active endpoints"});
    engine.fail("list_containers", "", {Errc::unavailable, "the engine is not answering"});
    engine.fail("list_volumes", "", {Errc::unavailable, "the engine is not answering"});
    auto report = teardown_run(engine, "r1", {c1, c2}, "dtx-r1");
    CHECK(report.containers_removed == 1);
    REQUIRE(report.failures.size() == 4);
    CHECK(report.failures[0] == "removing container c1: driver failed");
    CHECK(report.failures[1] == "listing the run's containers: the engine is not answering");
    CHECK(report.failures[2] == "listing the run's volumes: the engine is not answering");
    CHECK(report.failures[3] == "removing network dtx-r1: network has active endpoints");
    CHECK(engine.status(c2).empty());  // removed although c1 failed
}

TEST_CASE("teardown without a network removes no network", "[session]") {
    FakeEngine engine;
    engine.add_network("dtx-r1", k_r1);
    auto report = teardown_run(engine, "r1", {}, "");
    CHECK(report.containers_removed == 0);
    CHECK(report.failures.empty());
    CHECK(engine.calls_starting("remove ").empty());
    CHECK(engine.has_network("dtx-r1"));
}

TEST_CASE("the tracker tears down what it recorded when it goes out of scope", "[session]") {
    FakeEngine engine;
    auto c1 = engine.running("dtx-r1-db", k_r1);
    engine.add_network("dtx-r1", k_r1);
    RecordingReporter reporter;
    {
        ResourceTracker tracker(engine, "r1", reporter);
        tracker.network_created("dtx-r1");
        tracker.container_created(c1);
    }
    CHECK(engine.calls_starting("remove ") == std::vector<std::string>{"remove dtx-r1-db", "remove network dtx-r1"});
    REQUIRE(reporter.notes().size() == 1);
    CHECK_THAT(reporter.notes()[0], Catch::StartsWith("removed 1 container(s) and network dtx-r1 in "));
    CHECK(reporter.warnings().empty());
}

TEST_CASE("the tracker tears down only once", "[session]") {
    FakeEngine engine;
    auto c1 = engine.running("dtx-r1-db", k_r1);
    RecordingReporter reporter;
    {
        ResourceTracker tracker(engine, "r1", reporter);
        tracker.container_created(c1);
        tracker.teardown();
        tracker.teardown();
    }
    // A second teardown would ask again (the fake records a removal of a missing container too).
    CHECK(engine.calls_starting("remove ") == std::vector<std::string>{"remove dtx-r1-db"});
    CHECK(engine.listings().size() == 2);  // one listing of containers and one of volumes
    CHECK(reporter.notes().size() == 1);
}

TEST_CASE("the tracker warns how to clean up what it could not remove", "[session]") {
    FakeEngine engine;
    auto c1 = engine.running("dtx-r1-db", k_r1);
    engine.fail("remove_container", c1, {Errc::server, "removing container c1: driver failed"});
    RecordingReporter reporter;
    {
        ResourceTracker tracker(engine, "r1", reporter);
        tracker.container_created(c1);
    }
    auto warnings = reporter.warnings();
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0] == "teardown: removing container c1: driver failed");
    CHECK_THAT(warnings[1], Catch::Contains("docker rm -f $(docker ps -aq --filter label=dev.dtx.run=r1)"));
    CHECK_THAT(warnings[1], Catch::Contains("docker volume rm $(docker volume ls -q --filter label=dev.dtx.run=r1)"));
}

TEST_CASE("a kept run removes nothing and says how to remove it later", "[session]") {
    FakeEngine engine;
    auto c1 = engine.running("dtx-r1-db", k_r1);
    engine.add_network("dtx-r1", k_r1);
    RecordingReporter reporter;
    {
        ResourceTracker tracker(engine, "r1", reporter);
        tracker.network_created("dtx-r1");
        tracker.container_created(c1);
        tracker.keep();
        tracker.teardown();  // after keep: nothing more happens
    }
    CHECK(engine.calls_starting("remove ").empty());
    CHECK(engine.status(c1) == "running");
    REQUIRE(reporter.notes().size() == 1);
    CHECK_THAT(reporter.notes()[0], Catch::StartsWith("kept run r1: 1 container(s) and network dtx-r1 stay"));
    CHECK_THAT(reporter.notes()[0], Catch::Contains("dtx down --run r1 -v"));
    CHECK_THAT(reporter.notes()[0], Catch::Contains("docker rm -f $(docker ps -aq --filter label=dev.dtx.run=r1)"));
}
