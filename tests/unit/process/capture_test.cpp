#include "process/capture.hpp"

#include "fakes/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

using dtx::process::CaptureOptions;
using dtx::process::run_captured;
using dtx::util::Errc;

namespace {

CaptureOptions shell(const std::string& line) {
    CaptureOptions o;
    o.argv = {"/bin/sh", "-c", line};
    o.env = {"PATH=/usr/bin:/bin", "GREETING=hi"};
    return o;
}

}  // namespace

TEST_CASE("a captured command's exit code and interleaved output are returned", "[util][capture]") {
    auto r = run_captured(shell("echo out; echo err >&2; exit 3"));
    REQUIRE(r.ok());
    CHECK(r->exit_code == 3);
    CHECK(r->output == "out\nerr\n");
}

TEST_CASE("a captured command gets exactly the given environment, the directory, and no stdin", "[util][capture]") {
    dtx::fakes::TempDir dir;
    auto o = shell("echo \"$GREETING ${HOME:-nohome} $(pwd)\"; cat");
    o.cwd = dir.path();
    auto r = run_captured(o);
    REQUIRE(r.ok());
    CHECK(r->exit_code == 0);
    CHECK(r->output == "hi nohome " + std::filesystem::canonical(dir.path()).string() + "\n");
}

TEST_CASE("a missing program, or a directory that cannot be entered, fails before it runs", "[util][capture]") {
    CaptureOptions o;
    o.argv = {"dtx-no-such-program"};
    o.env = {"PATH=/usr/bin:/bin"};
    auto r = run_captured(o);
    REQUIRE(!r.ok());
    CHECK(r.error().code == Errc::not_found);
    CHECK(r.error().message == "command not found: dtx-no-such-program");

    auto in_nowhere = shell("true");
    in_nowhere.cwd = "/nonexistent/dtx";
    auto r2 = run_captured(in_nowhere);
    REQUIRE(!r2.ok());
    CHECK(r2.error().code == Errc::invalid);
    CHECK_THAT(r2.error().message, Catch::StartsWith("cannot enter /nonexistent/dtx: "));
}

TEST_CASE("only the end of a long output is kept", "[util][capture]") {
    auto r = run_captured(shell("head -c 200000 /dev/zero | tr '\\0' a; echo END"));
    REQUIRE(r.ok());
    CHECK(r->output.size() == dtx::process::k_max_captured);
    CHECK_THAT(r->output, Catch::EndsWith("aaaEND\n"));
}

TEST_CASE("a stop ends the command and what it started", "[util][capture]") {
    dtx::fakes::TempDir dir;
    // sh does not pass SIGTERM on to its child: the whole process group must get it.
    auto o = shell("sleep 30 & echo $! > child.pid; wait");
    o.cwd = dir.path();
    o.grace = std::chrono::milliseconds(500);
    auto began = std::chrono::steady_clock::now();
    o.stop = [&] { return std::chrono::steady_clock::now() - began > std::chrono::milliseconds(200); };
    auto r = run_captured(o);
    REQUIRE(r.ok());
    CHECK(r->exit_code == 128 + 15);
    int child = 0;
    std::ifstream(dir.path() + "/child.pid") >> child;
    REQUIRE(child > 0);
    // The sleep is gone (or a zombie about to be reaped by init) within the grace.
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
        std::string pid, comm, state;
        gone = !(stat >> pid >> comm >> state) || state == "Z";
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(gone);
}

TEST_CASE("a background process that keeps the output open does not hold the wait up", "[util][capture]") {
    auto began = std::chrono::steady_clock::now();
    auto r = run_captured(shell("sleep 5 & echo started"));
    REQUIRE(r.ok());
    CHECK(r->output == "started\n");
    CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(4));
}
