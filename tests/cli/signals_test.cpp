// Signals reaching dtx at each stage of a run: teardown always happens, the exit code says which signal.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace dtx::test;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// True when `pid` no longer runs: gone, or a zombie nobody reaped yet.
bool not_running(pid_t pid) {
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    auto close = stat.rfind(')');
    return close == std::string::npos || stat.compare(close, 3, ") Z") == 0;
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

TEST_CASE("SIGTERM to dtx reaches the processes the command started, not only the command", "[docker][run][signal]") {
    std::string project = unique_project("sigterm-group");
    auto dir = std::filesystem::temp_directory_path();
    std::string pids = (dir / (project + ".pids")).string();
    // The shell writes its two children's pids, then waits for them (it passes no signal on).
    std::string script =
        "sleep 300 & a=$!; sleep 300 & echo \"$a $!\" > " + pids + ".tmp && mv " + pids + ".tmp " + pids + "; wait";
    auto bg = start_dtx({"-p", project, "-f", fixture("redis-only"), "run", "--", "sh", "-c", script});
    REQUIRE(wait_for_file(pids, 120));
    std::string text = read_file(pids);
    std::filesystem::remove(pids);
    pid_t first = std::atoi(text.c_str());
    pid_t second = std::atoi(text.c_str() + text.find(' ') + 1);
    REQUIRE((first > 0 && second > 0));
    kill(bg.pid, SIGTERM);
    auto r = wait_dtx(bg);
    INFO(r.err);
    CHECK(r.exit_code == 143);
    // dtx waited for the shell only; its children had the same signal and end within moments.
    bool stopped = false;
    for (int i = 0; i < 200 && !(stopped = not_running(first) && not_running(second)); ++i) {
        usleep(10'000);
    }
    CHECK(stopped);
    for (pid_t pid : {first, second}) {
        if (!not_running(pid)) {
            kill(pid, SIGKILL);  // started by this test, through dtx
        }
    }
    require_nothing_left(project);
}
