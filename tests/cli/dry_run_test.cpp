// `dtx run --dry-run`: a signal stops it promptly however large the file, and it inspects the local
// images so it shows the readiness the run will use. The signal test needs no engine: DOCKER_HOST
// names a socket nobody listens on.
#include "support/run_binary.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

using namespace dtx::test;
namespace fs = std::filesystem;

namespace {

constexpr int k_large = 20'000;
// The signal arrives while the file is still being read; dtx must stop once the load is done (as
// long as `dtx validate` of the file takes, which sets the bound), not after planning it all.
constexpr auto k_before_signal = std::chrono::milliseconds(300);
constexpr auto k_grace = std::chrono::seconds(3);

// A database and nine services depending on it, over and over: the shape of bench/config_speed.sh.
std::string write_large_spec(const fs::path& dir, int services) {
    fs::create_directories(dir);
    std::string path = (dir / "compose.yaml").string();
    std::ofstream out(path);
    out << "services:\n";
    for (int i = 0; i < services; ++i) {
        out << "  svc" << i << ":\n    image: registry.example/app" << i << ":1\n    ports: [\"80\"]\n";
        if (i % 10 != 0) {
            out << "    depends_on: [svc" << i / 10 * 10 << "]\n";
        }
    }
    return path;
}

// The exit code of `bg` when it ends within `limit`; else it is killed and nullopt returned.
std::optional<int> exit_within(const Background& bg, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    std::optional<int> code;
    for (;;) {
        pid_t done = waitpid(bg.pid, &status, WNOHANG);
        if (done == bg.pid) {
            code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(bg.pid, SIGKILL);
            waitpid(bg.pid, &status, 0);
            break;
        }
        usleep(20'000);
    }
    fs::remove(bg.out_path);
    fs::remove(bg.err_path);
    return code;
}

}  // namespace

TEST_CASE("SIGINT or SIGTERM stops run --dry-run of a 20,000-service file within seconds, exiting 128 + the signal",
          "[docker][run][signal][dry-run]") {
    int signal = GENERATE(SIGINT, SIGTERM);
    fs::path dir = fs::temp_directory_path() / unique_project("dry-run-large");
    std::string spec = write_large_spec(dir, k_large);
    std::map<std::string, std::string> env{{"DOCKER_HOST", "unix://" + (dir / "no-engine.sock").string()}};
    auto began = std::chrono::steady_clock::now();
    REQUIRE(run_dtx({"-q", "-f", spec, "validate"}).exit_code == 0);
    auto load = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
    auto bg = start_dtx(Invocation{{"-q", "-f", spec, "run", "--dry-run"}, {}, env});
    usleep(std::chrono::duration_cast<std::chrono::microseconds>(k_before_signal).count());
    kill(bg.pid, signal);
    auto limit = 2 * load + k_grace;
    auto code = exit_within(bg, limit);
    fs::remove_all(dir);
    INFO("loading the file takes " << load.count() << " ms");
    REQUIRE(code.has_value());  // else it ignored the signal and was killed after `limit`
    CHECK(*code == 128 + signal);
}

TEST_CASE("run --dry-run inspects the local images, so it shows the readiness check the run will use",
          "[docker][run][dry-run]") {
    fs::path dir = fs::temp_directory_path() / unique_project("dry-run-image");
    fs::create_directories(dir);
    std::string spec = (dir / "compose.yaml").string();
    // No port declared: only the image's EXPOSE 5432 makes it a postgres probe.
    std::ofstream(spec)
        << "services:\n  db:\n    image: dtx-test/postgres:15\n    environment: {POSTGRES_PASSWORD: pw}\n";
    auto with_engine = run_dtx({"-f", spec, "run", "--dry-run"});
    auto without = run_dtx(Invocation{
        {"-f", spec, "run", "--dry-run"}, {}, {{"DOCKER_HOST", "unix://" + (dir / "no-engine.sock").string()}}});
    fs::remove_all(dir);
    INFO(with_engine.err);
    CHECK(with_engine.exit_code == 0);
    CHECK_THAT(with_engine.out, Catch::Contains("  ready when postgres on 5432 (from kind)\n") &&
                                    Catch::Contains("  publish 127.0.0.1:ephemeral->5432/tcp (main)\n"));
    CHECK(without.exit_code == 0);
    CHECK_THAT(without.out,
               Catch::Contains("  ready when running (from no ports; may change at run time: the image was not "
                               "inspected)\n") &&
                   Catch::Contains("no engine answered, so no image was inspected"));
}
