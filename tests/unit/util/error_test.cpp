#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <csignal>

using namespace dtx;

TEST_CASE("exit codes follow the docker run convention", "[util]") {
    CHECK(exit_code::k_ok == 0);
    CHECK(exit_code::k_usage == 2);
    CHECK(exit_code::k_dtx_failure == 125);
    CHECK(exit_code::k_not_executable == 126);
    CHECK(exit_code::k_not_found == 127);
    CHECK(exit_code::k_signal_base == 128);
}

TEST_CASE("an interrupt by SIGINT exits with 130", "[util]") {
    Interrupted e(SIGINT);
    CHECK(e.exit_code() == 130);
    CHECK(e.signal() == SIGINT);
}

TEST_CASE("an interrupt by SIGTERM exits with 143", "[util]") {
    CHECK(Interrupted(SIGTERM).exit_code() == 143);
}

TEST_CASE("spec, engine and readiness errors exit with 125", "[util]") {
    CHECK(SpecError("x").exit_code() == 125);
    CHECK(EngineError("x").exit_code() == 125);
    CHECK(ReadinessError("x").exit_code() == 125);
}

TEST_CASE("a usage error exits with 2 and keeps its message", "[util]") {
    UsageError e("-f: no such file");
    CHECK(e.exit_code() == 2);
    CHECK(std::string(e.what()) == "-f: no such file");
}

TEST_CASE("a command error keeps the exit code it was given", "[util]") {
    CHECK(CommandError("not found", exit_code::k_not_found).exit_code() == 127);
    CHECK(CommandError("not executable", exit_code::k_not_executable).exit_code() == 126);
}

TEST_CASE("every dtx error is caught as dtx::Error", "[util]") {
    CHECK_THROWS_AS(throw SpecError("bad"), Error);
    CHECK_THROWS_AS(throw Interrupted(SIGINT), Error);
}
