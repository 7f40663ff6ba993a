#include "probe/running_probe.hpp"

#include "fakes/fake_probe_target.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace dtx::probe;
using dtx::fakes::FakeProbeTarget;

TEST_CASE("the running probe is ready while the container runs", "[probe]") {
    auto target = std::make_shared<FakeProbeTarget>();
    target->set_status("running");
    auto probe = running_probe(target);
    CHECK(probe->name() == "running");
    CHECK(probe->check().state == Readiness::ready);
}

TEST_CASE("the running probe waits for a created container to start", "[probe]") {
    auto target = std::make_shared<FakeProbeTarget>();
    target->set_status("created");
    auto result = running_probe(target)->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "not started yet");
}

TEST_CASE("the running probe fails once the container has exited", "[probe]") {
    auto target = std::make_shared<FakeProbeTarget>();
    target->set_status("exited", 3);
    auto result = running_probe(target)->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "the container exited with code 3");
}

TEST_CASE("the running probe fails when the container is gone, with the engine's message", "[probe]") {
    auto target = std::make_shared<FakeProbeTarget>();
    target->fail({dtx::util::Errc::not_found, "container c1: No such container: c1"});
    auto result = running_probe(target)->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "container c1: No such container: c1");
}

TEST_CASE("the running probe tells an OOM kill from an exit", "[probe]") {
    auto target = std::make_shared<FakeProbeTarget>();
    target->oom_killed();
    auto result = running_probe(target)->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "the container was killed for running out of memory (OOM)");
}
