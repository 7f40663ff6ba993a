#include "teardown/teardown.hpp"
#include "teardown/tracker.hpp"

#include "fakes/recording_reporter.hpp"
#include "fakes/transport_engine.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dtx::teardown;
using dtx::fakes::RecordingReporter;
using dtx::fakes::TransportEngine;

namespace {

bool sent(const TransportEngine& e, const std::string& line) {
    auto lines = const_cast<TransportEngine&>(e).transport().request_lines();
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

const std::string k_list = "GET /v1.41/containers/json";
const std::string k_volumes = "GET /v1.41/volumes";
const std::string k_no_volumes = R"({"Volumes":null})";

}  // namespace

TEST_CASE("teardown removes the run's containers, strays found by label, then the network", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("DELETE /v1.41/containers/c1", 204);
    t.on("DELETE /v1.41/containers/c2", 404, R"({"message":"No such container: c2"})");  // already gone
    t.on(k_list, 200, R"([{"Id":"c1","Names":["/dtx-r1-db"]},{"Id":"c3","Names":["/dtx-r1-cache"]}])");
    t.on("DELETE /v1.41/containers/c3", 204);
    t.on(k_volumes, 200, R"({"Volumes":[{"Name":"r1_data"},{"Name":"4f1c"}]})");
    t.on("DELETE /v1.41/volumes/r1_data", 204);
    t.on("DELETE /v1.41/volumes/4f1c", 404, R"({"message":"no such volume"})");  // already gone
    t.on("DELETE /v1.41/networks/dtx-r1", 204);
    auto report = teardown_run(e.engine(), "r1", {"c1", "c2"}, "dtx-r1");
    CHECK(report.containers_removed == 3);
    CHECK(report.volumes_removed == 2);
    CHECK(report.failures.empty());
    CHECK(sent(e, "DELETE /v1.41/containers/c3?force=1&v=1"));
    CHECK(sent(e, "GET /v1.41/volumes?filters=%7B%22label%22%3A%5B%22dev.dtx.run%3Dr1%22%5D%7D"));
    CHECK(sent(e, "DELETE /v1.41/volumes/r1_data?force=1"));
    auto lines = t.request_lines();
    CHECK(lines.back() == "DELETE /v1.41/networks/dtx-r1");
    CHECK(sent(e, "GET /v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22dev.dtx.run%3Dr1%22%5D%7D"));
}

TEST_CASE("teardown goes on after failures and reports each one", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("DELETE /v1.41/containers/c1", 500, R"({"message":"driver failed"})");
    t.on("DELETE /v1.41/containers/c2", 204);
    t.on("DELETE /v1.41/networks/dtx-r1", 409, R"({"message":"network has active endpoints"})");
    // No answer for the label listings: the transport fails.
    auto report = teardown_run(e.engine(), "r1", {"c1", "c2"}, "dtx-r1");
    CHECK(report.containers_removed == 1);
    REQUIRE(report.failures.size() == 4);
    CHECK(report.failures[0] == "removing container c1: driver failed");
    CHECK_THAT(report.failures[1], Catch::StartsWith("listing the run's containers: "));
    CHECK_THAT(report.failures[2], Catch::StartsWith("listing the run's volumes: "));
    CHECK(report.failures[3] == "removing network dtx-r1: network has active endpoints");
}

TEST_CASE("teardown without a network removes no network", "[session]") {
    TransportEngine e;
    e.transport().on(k_list, 200, "[]");
    e.transport().on(k_volumes, 200, k_no_volumes);
    auto report = teardown_run(e.engine(), "r1", {}, "");
    CHECK(report.containers_removed == 0);
    CHECK(report.failures.empty());
    for (const auto& line : e.transport().request_lines()) {
        CHECK(line.find("/networks") == std::string::npos);
    }
}

TEST_CASE("the tracker tears down what it recorded when it goes out of scope", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("DELETE /v1.41/containers/c1", 204);
    t.on(k_list, 200, "[]");
    t.on(k_volumes, 200, k_no_volumes);
    t.on("DELETE /v1.41/networks/dtx-r1", 204);
    RecordingReporter reporter;
    {
        ResourceTracker tracker(e.engine(), "r1", reporter);
        tracker.network_created("dtx-r1");
        tracker.container_created("c1");
    }
    CHECK(sent(e, "DELETE /v1.41/containers/c1?force=1&v=1"));
    CHECK(sent(e, "DELETE /v1.41/networks/dtx-r1"));
    REQUIRE(reporter.notes().size() == 1);
    CHECK_THAT(reporter.notes()[0], Catch::StartsWith("removed 1 container(s) and network dtx-r1 in "));
    CHECK(reporter.warnings().empty());
}

TEST_CASE("the tracker tears down only once", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("DELETE /v1.41/containers/c1", 204);
    t.on(k_list, 200, "[]");
    t.on(k_volumes, 200, k_no_volumes);
    RecordingReporter reporter;
    {
        ResourceTracker tracker(e.engine(), "r1", reporter);
        tracker.container_created("c1");
        tracker.teardown();
        tracker.teardown();
    }
    auto lines = t.request_lines();
    CHECK(std::count(lines.begin(), lines.end(), "DELETE /v1.41/containers/c1?force=1&v=1") == 1);
    CHECK(reporter.notes().size() == 1);
}

TEST_CASE("the tracker warns how to clean up what it could not remove", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("DELETE /v1.41/containers/c1", 500, R"({"message":"driver failed"})");
    t.on(k_list, 200, "[]");
    t.on(k_volumes, 200, k_no_volumes);
    RecordingReporter reporter;
    {
        ResourceTracker tracker(e.engine(), "r1", reporter);
        tracker.container_created("c1");
    }
    auto warnings = reporter.warnings();
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0] == "teardown: removing container c1: driver failed");
    CHECK_THAT(warnings[1], Catch::Contains("docker rm -f $(docker ps -aq --filter label=dev.dtx.run=r1)"));
    CHECK_THAT(warnings[1], Catch::Contains("docker volume rm $(docker volume ls -q --filter label=dev.dtx.run=r1)"));
}

TEST_CASE("a kept run removes nothing and says how to remove it later", "[session]") {
    TransportEngine e;
    RecordingReporter reporter;
    {
        ResourceTracker tracker(e.engine(), "r1", reporter);
        tracker.network_created("dtx-r1");
        tracker.container_created("c1");
        tracker.keep();
        tracker.teardown();  // after keep: nothing more happens
    }
    for (const auto& line : e.transport().request_lines()) {
        CHECK(line.find("DELETE") == std::string::npos);
    }
    REQUIRE(reporter.notes().size() == 1);
    CHECK_THAT(reporter.notes()[0], Catch::StartsWith("kept run r1: 1 container(s) and network dtx-r1 stay"));
    CHECK_THAT(reporter.notes()[0], Catch::Contains("dtx down --run r1 -v"));
    CHECK_THAT(reporter.notes()[0], Catch::Contains("docker rm -f $(docker ps -aq --filter label=dev.dtx.run=r1)"));
}
