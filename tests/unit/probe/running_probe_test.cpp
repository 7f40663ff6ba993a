#include "probe/running_probe.hpp"

#include "fakes/transport_engine.hpp"

#include <catch2/catch.hpp>

using namespace dtx::probe;
using dtx::fakes::TransportEngine;

TEST_CASE("the running probe is ready while the container runs", "[probe]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/containers/c1/json", 200,
                     R"({"Id":"c1","State":{"Status":"running","Running":true}})");
    auto probe = running_probe(e.engine(), "c1");
    CHECK(probe->name() == "running");
    CHECK(probe->check().state == Readiness::ready);
}

TEST_CASE("the running probe waits for a created container to start", "[probe]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/containers/c1/json", 200,
                     R"({"Id":"c1","State":{"Status":"created","Running":false}})");
    auto result = running_probe(e.engine(), "c1")->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "not started yet");
}

TEST_CASE("the running probe fails once the container has exited", "[probe]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/containers/c1/json", 200,
                     R"({"Id":"c1","State":{"Status":"exited","Running":false,"ExitCode":3}})");
    auto result = running_probe(e.engine(), "c1")->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "the container exited with code 3");
}

TEST_CASE("the running probe fails when the container is gone", "[probe]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/containers/c1/json", 404, R"({"message":"No such container: c1"})");
    auto result = running_probe(e.engine(), "c1")->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "container c1: No such container: c1");
}
