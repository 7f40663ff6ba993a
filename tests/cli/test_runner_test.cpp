// A test-runner service built from a Dockerfile's `test` stage, run with --exit-code-from instead of
// a command: its output streams live, its exit code is dtx's, and Ctrl-C stops it gracefully.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <iterator>

using namespace dtx::test;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("run --exit-code-from returns the exit code of a test-runner built from the test stage",
          "[docker][run][watch]") {
    std::string project = unique_project("runner");
    ImageCleanup cleanup{project + "-test-runner"};
    auto r = run_dtx({"-p", project, "-f", fixture("test-runner"), "run", "--exit-code-from", "test-runner"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.out, Catch::Contains("test-runner | cache answered +PONG\ntest-runner | 1 of 4 tests failed\n"));
    CHECK_THAT(r.err, Catch::Contains("test-runner exited with code 3"));
    require_nothing_left(project);
}

TEST_CASE("Ctrl-C during run --exit-code-from stops the runner with its stop signal and still tears down",
          "[docker][run][watch][signal]") {
    std::string project = unique_project("runner-int");
    ImageCleanup cleanup{project + "-slow-runner"};
    auto bg = start_dtx({"-p", project, "-f", fixture("test-runner"), "run", "--exit-code-from", "slow-runner"});
    for (int i = 0; i < 1200 && read_file(bg.out_path).find("suite started") == std::string::npos; ++i) {
        usleep(50'000);
    }
    kill(bg.pid, SIGINT);
    auto r = wait_dtx(bg);
    INFO(r.err);
    CHECK(r.exit_code == 128 + SIGINT);
    CHECK_THAT(r.out, Catch::Contains("slow-runner | stopped by SIGTERM"));
    CHECK_THAT(r.err, Catch::Contains("slow-runner: stopping it (SIGTERM, then SIGKILL after 5 s)"));
    require_nothing_left(project);
}

TEST_CASE("links aliases, volumes_from and network_mode: service:X work as in Compose, and order the start",
          "[docker][run][watch]") {
    std::string project = unique_project("sharing");
    auto linked = run_dtx({"-p", project, "-f", fixture("shared-namespaces"), "run", "--exit-code-from", "check"});
    INFO(linked.err);
    CHECK(linked.exit_code == 0);  // 1 if the volume from web were writable
    CHECK_THAT(linked.out, Catch::Contains("check | sessions answered +PONG; web says hello"));
    auto shared = run_dtx({"-p", project, "-f", fixture("shared-namespaces"), "run", "--exit-code-from", "sidecar"});
    INFO(shared.err);
    CHECK(shared.exit_code == 0);
    CHECK_THAT(shared.out, Catch::Contains("sidecar | localhost answered +PONG"));
    require_nothing_left(project);
}
