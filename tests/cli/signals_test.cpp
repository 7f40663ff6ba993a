// Signals reaching dtx at each stage of a run: teardown always happens, the exit code says which signal.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>

using namespace dtx::test;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("SIGINT or SIGTERM while services start removes everything and exits 128 + the signal",
          "[docker][run][signal]") {
    int signal = GENERATE(SIGINT, SIGTERM);
    std::string project = unique_project("signal-start");
    auto bg = start_dtx({"-p", project, "-f", source_path("examples/quickstart/compose.yaml"), "run", "--", "true"});
    // Wait until a container exists, i.e. dtx is in the middle of starting services.
    for (int i = 0; i < 600 && count_containers("dev.dtx.project=" + project) == 0; ++i) {
        usleep(10'000);
    }
    kill(bg.pid, signal);
    auto r = wait_dtx(bg);
    INFO(r.err);
    CHECK(r.exit_code == 128 + signal);
    require_nothing_left(project);
}

TEST_CASE("SIGHUP is passed on to the command, which gets a moment to finish, then everything goes",
          "[docker][run][signal]") {
    std::string project = unique_project("sighup");
    auto dir = std::filesystem::temp_directory_path();
    std::string started = (dir / (project + ".started")).string();
    std::string got = (dir / (project + ".got")).string();
    std::string script =
        "trap 'echo hup > " + got + "; exit 7' HUP; touch " + started + "; while :; do sleep 0.1; done";
    auto bg = start_dtx({"-p", project, "-f", fixture("redis-only"), "run", "--", "sh", "-c", script});
    REQUIRE(wait_for_file(started, 120));
    kill(bg.pid, SIGHUP);
    auto r = wait_dtx(bg);
    INFO(r.err);
    CHECK(r.exit_code == 129);
    CHECK(read_file(got) == "hup\n");  // the command's own handler ran before teardown
    std::filesystem::remove(started);
    std::filesystem::remove(got);
    require_nothing_left(project);
}
