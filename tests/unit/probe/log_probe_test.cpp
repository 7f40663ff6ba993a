#include "probe/log_probe.hpp"

#include "fakes/fake_engine.hpp"

#include <catch2/catch.hpp>

using namespace dtx::probe;
using dtx::engine::StreamKind;
using dtx::fakes::FakeEngine;

TEST_CASE("the log probe is ready once a line matches the regex", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    engine.append_log("db", "booting\nready to accept connections\n");
    auto probe = log_probe(container_target(engine, id), "ready to accept");
    CHECK(probe->name() == "log");
    CHECK(probe->check().state == Readiness::ready);
}

TEST_CASE("the log probe is not ready before a matching line and says how far it got", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    engine.append_log("db", "booting\n");
    auto result = log_probe(container_target(engine, id), "ready")->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "0 of 1 matches of /ready/");
}

TEST_CASE("the log probe counts occurrences across polls as lines arrive between them", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    auto probe = log_probe(container_target(engine, id), "ready", 3);
    engine.append_log("db", "init: ready\n");
    CHECK(probe->check().reason == "1 of 3 matches of /ready/");
    CHECK(probe->check().reason == "1 of 3 matches of /ready/");  // the same line is not counted twice
    engine.append_log("db", "restarting\nserver: ready\n");
    CHECK(probe->check().reason == "2 of 3 matches of /ready/");
    engine.append_log("db", "server: ready\n");
    CHECK(probe->check().state == Readiness::ready);
}

TEST_CASE("the log probe reads stderr as well as stdout, each counted on its own", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    auto probe = log_probe(container_target(engine, id), "ready", 2);
    engine.append_log("db", "LOG: ready\n", StreamKind::stderr_);
    CHECK(probe->check().reason == "1 of 2 matches of /ready/");
    engine.append_log("db", "noise\n", StreamKind::stdout_);  // shifts the interleaving, not the counts
    engine.append_log("db", "LOG: ready\n", StreamKind::stderr_);
    CHECK(probe->check().state == Readiness::ready);
}

TEST_CASE("the log probe matches a line whose chunks arrive in different polls once it is complete", "[probe]") {
    // Lines are matched one by one, so a match never spans two lines; a line split across chunks is
    // joined before matching, and an unfinished line waits for its newline.
    FakeEngine engine;
    auto id = engine.running("db");
    auto probe = log_probe(container_target(engine, id), "^ready to accept connections$", 1);
    engine.append_log("db", "ready to ");
    CHECK(probe->check().state == Readiness::not_yet);
    engine.append_log("db", "accept connections");
    CHECK(probe->check().state == Readiness::not_yet);
    engine.append_log("db", "\r\n");  // a TTY's line ending is not part of the line
    CHECK(probe->check().state == Readiness::ready);
}

TEST_CASE("the log probe uses ECMAScript regexes and counts matching lines, not matches", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    engine.append_log("db", "port \\d+ open\nlistening on port 5432 (port 5432)\n");
    auto result = log_probe(container_target(engine, id), R"(port \d+)", 2)->check();
    CHECK(result.reason == R"(1 of 2 matches of /port \d+/)");
}

TEST_CASE("the log probe waits for a created container to start", "[probe]") {
    FakeEngine engine;
    dtx::engine::ContainerConfig spec;
    spec.name = "db";
    auto id = engine.create_container(spec);
    REQUIRE(id);
    auto result = log_probe(container_target(engine, *id), "ready")->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "not started yet");
}

TEST_CASE("the log probe fails once the container has stopped", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    auto probe = log_probe(container_target(engine, id), "ready", 2);
    engine.append_log("db", "ready\n");
    CHECK(probe->check().state == Readiness::not_yet);
    engine.stop("db", 3);
    auto result = probe->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "the container exited with code 3");
}

TEST_CASE("the log probe fails when the container is gone", "[probe]") {
    FakeEngine engine;
    auto result = log_probe(container_target(engine, "c9"), "ready")->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason == "no such container: c9");
}

TEST_CASE("the log probe fails on an invalid regex without asking the engine", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    auto result = log_probe(container_target(engine, id), "ready(")->check();
    CHECK(result.state == Readiness::failed);
    CHECK(result.reason.rfind("invalid regex /ready(/: ", 0) == 0);
    CHECK(engine.log_reads() == 0);
}
