#include "probe/probe_target.hpp"

#include "fakes/fake_engine.hpp"

#include <catch2/catch.hpp>

using namespace dtx::probe;
using dtx::engine::StreamKind;
using dtx::fakes::FakeEngine;
using dtx::util::Errc;

TEST_CASE("a container target answers the container's state from the engine", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    auto target = container_target(engine, id);
    auto state = target->state();
    REQUIRE(state.ok());
    CHECK(state->running);
    engine.stop("db", 3);
    CHECK(target->state()->exit_code == 3);
    CHECK(container_target(engine, "c9")->state().error().code == Errc::not_found);
}

TEST_CASE("a container target reads the whole output so far, both streams in order", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    engine.append_log("db", "out\n");
    engine.append_log("db", "err\n", StreamKind::stderr_);
    std::string seen;
    auto status = container_target(engine, id)->logs(false, [&](StreamKind kind, std::string_view text) {
        seen += (kind == StreamKind::stderr_ ? "E:" : "O:") + std::string(text);
        return true;
    });
    CHECK(status.ok());
    CHECK(seen == "O:out\nE:err\n");
}

TEST_CASE("a container target starts a command and reports when it has ended", "[probe]") {
    FakeEngine engine;
    auto id = engine.running("db");
    engine.script_exec("db", 2, 1);
    auto target = container_target(engine, id);
    auto exec = target->exec({"pg_isready"});
    REQUIRE(exec.ok());
    CHECK(engine.exec_commands() == std::vector<std::vector<std::string>>{{"pg_isready"}});
    CHECK(target->exec_state(*exec)->running);
    auto ended = target->exec_state(*exec);
    CHECK_FALSE(ended->running);
    CHECK(ended->exit_code == 2);
    engine.stop("db", 0);
    CHECK(target->exec({"true"}).error().code == Errc::conflict);
}
