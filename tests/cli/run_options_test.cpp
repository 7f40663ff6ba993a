// dtx run's options: SERVICE selection, --dry-run, --keep-host-ports, and fixed host ports made
// ephemeral so that parallel runs of one spec never clash.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <regex>
#include <string>
#include <vector>

using dtx::test::count_containers;
using dtx::test::count_networks;
using dtx::test::Invocation;
using dtx::test::require_nothing_left;
using dtx::test::run_dtx;
using dtx::test::source_path;
using dtx::test::start_dtx;
using dtx::test::unique_project;
using dtx::test::wait_dtx;

namespace {

std::string fixed_port_spec() {
    return source_path("tests/integration/fixtures/fixed-port/compose.yaml");
}

}  // namespace

TEST_CASE("run --dry-run prints the plan in start order and creates nothing", "[docker][run]") {
    std::string project = unique_project("dryrun");
    auto r = run_dtx({"-p", project, "-f", fixed_port_spec(), "run", "--dry-run", "--", "make", "test"});
    CHECK(r.exit_code == 0);
    // Start order: generic services before caches, each after what it depends on.
    const std::string run = project + "-XXXXXX";
    CHECK(r.out == "run " + run + " (project " + project +
                       ")\n"
                       "network dtx-" +
                       run +
                       "\n"
                       "service other: container dtx-" +
                       run +
                       "-other, image dtx-test/base:bookworm, kind generic\n"
                       "  ready when running (from no ports)\n"
                       "  command sleep 300\n"
                       "service cache: container dtx-" +
                       run +
                       "-cache, image dtx-test/redis:7, kind redis (from the image name)\n"
                       "  ready when redis on 6379 (from kind)\n"
                       "  publish 127.0.0.1:ephemeral->6379/tcp (main)\n"
                       "service idle: container dtx-" +
                       run +
                       "-idle, image dtx-test/base:bookworm, kind generic\n"
                       "  after cache started\n"
                       "  ready when running (from no ports)\n"
                       "  command sleep 300\n"
                       "(dry run: nothing was created; images missing locally are pulled or built at run time, and "
                       "readiness marked \"may change\" depends on them)\n"
                       "then: make test\n");
    require_nothing_left(project);
}

TEST_CASE("run --dry-run --keep-host-ports shows the fixed host port", "[docker][run]") {
    auto r = run_dtx(Invocation{
        {"-f", fixed_port_spec(), "run", "--dry-run", "--keep-host-ports"}, "", {{"DTX_TEST_FIXED_PORT", "15999"}}});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("  publish 127.0.0.1:15999->6379/tcp (main)\n"));
}

TEST_CASE("run SERVICE starts only that service and what it depends on", "[docker][run]") {
    std::string project = unique_project("select");
    auto r = run_dtx({"-p", project, "-f", fixed_port_spec(), "run", "idle", "--", "sh", "-c",
                      "echo cache=${DTX_CACHE_HOST:-none} other=${DTX_OTHER_HOST:-none}; "
                      "docker ps -q --filter label=dev.dtx.project=" +
                          project + " | wc -l"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("cache=127.0.0.1 other=none"));
    CHECK_THAT(r.out, Catch::EndsWith("2\n"));  // idle and cache; other never started
    require_nothing_left(project);
}

TEST_CASE("run with an unknown SERVICE fails before creating anything, naming it", "[docker][run]") {
    std::string project = unique_project("select");
    auto r = run_dtx({"-p", project, "-f", fixed_port_spec(), "run", "nosuch", "--", "true"});
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err, Catch::Contains("nosuch"));
    require_nothing_left(project);
}

TEST_CASE("two runs of a spec with a fixed host port at the same time both pass", "[docker][run]") {
    std::string a = unique_project("fixed");
    std::string b = unique_project("fixed");
    std::string port = std::to_string(dtx::test::free_tcp_port());
    std::map<std::string, std::string> env = {{"DTX_TEST_FIXED_PORT", port}};
    const std::vector<std::string> command = {"run", "cache", "--",
                                              "sh",  "-c",    "redis-cli -h $DTX_CACHE_HOST -p $DTX_CACHE_PORT ping"};
    auto args = [&](const std::string& project) {
        std::vector<std::string> all = {"-p", project, "-f", fixed_port_spec()};
        all.insert(all.end(), command.begin(), command.end());
        return all;
    };
    auto first = start_dtx(Invocation{args(a), "", env});
    auto second = start_dtx(Invocation{args(b), "", env});
    auto ra = wait_dtx(first);
    auto rb = wait_dtx(second);
    INFO(ra.err << rb.err);
    CHECK(ra.exit_code == 0);
    CHECK(rb.exit_code == 0);
    CHECK_THAT(ra.out, Catch::Contains("PONG"));
    CHECK_THAT(rb.out, Catch::Contains("PONG"));
    require_nothing_left(a);
    require_nothing_left(b);
}

TEST_CASE("run --keep-host-ports publishes the fixed host port as written", "[docker][run]") {
    std::string project = unique_project("keepport");
    std::string port = std::to_string(dtx::test::free_tcp_port());
    auto r = run_dtx(Invocation{{"-p", project, "-f", fixed_port_spec(), "run", "--keep-host-ports", "cache", "--",
                                 "sh", "-c", "echo port=$DTX_CACHE_PORT; redis-cli -p " + port + " ping"},
                                "",
                                {{"DTX_TEST_FIXED_PORT", port}}});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("port=" + port));
    CHECK_THAT(r.out, Catch::Contains("PONG"));
    require_nothing_left(project);
}

namespace {

// Removes a kept run's resources, as the note printed by dtx says.
void remove_project(const std::string& project) {
    dtx::test::run_shell("docker rm -f $(docker ps -aq --filter label=dev.dtx.project=" + project +
                         ") ; docker volume rm $(docker volume ls -q --filter label=dev.dtx.project=" + project +
                         ") ; docker network rm $(docker network ls -q --filter label=dev.dtx.project=" + project +
                         ")");
}

}  // namespace

TEST_CASE("run --keep leaves the run in place and prints how to remove it", "[docker][run]") {
    std::string project = unique_project("keep");
    auto r = run_dtx({"-p", project, "-f", fixed_port_spec(), "run", "--keep", "cache", "--", "true"});
    CHECK(r.exit_code == 0);
    CHECK(count_containers("dev.dtx.project=" + project) == 1);
    CHECK(count_networks("dev.dtx.project=" + project) == 1);
    CHECK_THAT(r.err, Catch::Contains("kept run " + project + "-") && Catch::Contains("docker rm -f"));
    remove_project(project);
    require_nothing_left(project);
}

TEST_CASE("run --keep-on-failure keeps a failed run and removes a successful one", "[docker][run]") {
    std::string ok = unique_project("keepfail");
    auto passed = run_dtx({"-p", ok, "-f", fixed_port_spec(), "run", "--keep-on-failure", "cache", "--", "true"});
    CHECK(passed.exit_code == 0);
    require_nothing_left(ok);

    std::string bad = unique_project("keepfail");
    auto failed =
        run_dtx({"-p", bad, "-f", fixed_port_spec(), "run", "--keep-on-failure", "cache", "--", "sh", "-c", "exit 3"});
    CHECK(failed.exit_code == 3);
    CHECK(count_containers("dev.dtx.project=" + bad) == 1);
    CHECK_THAT(failed.err, Catch::Contains("kept run " + bad + "-"));
    remove_project(bad);
    require_nothing_left(bad);
}

namespace {

// A socket of this process listening on 127.0.0.1 at a port the kernel picked; closed at scope exit.
// Close-on-exec: a dtx started meanwhile must not hold it too, or dtx may name itself as the holder.
struct Listener {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    std::uint16_t port = 0;
    Listener() {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && listen(fd, 1) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
            port = ntohs(addr.sin_port);
        }
    }
    ~Listener() { close(fd); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
};

const std::regex k_long_hex("[0-9a-f]{64}");

}  // namespace

TEST_CASE("a fixed host port held by a local process fails at once, naming the service, the port and the process",
          "[docker][run][ports]") {
    std::string project = unique_project("taken");
    Listener held;
    REQUIRE(held.port != 0);
    std::string port = std::to_string(held.port);
    auto began = std::chrono::steady_clock::now();
    auto r =
        run_dtx(Invocation{{"-p", project, "-f", fixed_port_spec(), "run", "--keep-host-ports", "cache", "--", "true"},
                           "",
                           {{"DTX_TEST_FIXED_PORT", port}}});
    auto took = std::chrono::steady_clock::now() - began;
    INFO(r.err);
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("dtx: error: cache: host port 127.0.0.1:" + port +
                                      " is already in use by process " + std::to_string(getpid()) + " ("));
    CHECK_THAT(r.err, !Catch::Contains("starting again"));
    CHECK_FALSE(std::regex_search(r.err, k_long_hex));
    CHECK(took < std::chrono::seconds(30));
    require_nothing_left(project);
}

TEST_CASE("a fixed host port published by another container fails at once, naming that container",
          "[docker][run][ports]") {
    std::string project = unique_project("taken-by");
    std::string holder = "dtx-test-" + project;
    std::string port = std::to_string(dtx::test::free_tcp_port());
    auto started =
        dtx::test::run_shell("docker run -d --name " + holder + " -p 127.0.0.1:" + port + ":6379 dtx-test/redis:7");
    REQUIRE(started.exit_code == 0);
    auto r =
        run_dtx(Invocation{{"-p", project, "-f", fixed_port_spec(), "run", "--keep-host-ports", "cache", "--", "true"},
                           "",
                           {{"DTX_TEST_FIXED_PORT", port}}});
    dtx::test::run_shell("docker rm -f " + holder);
    INFO(r.err);
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("cache: host port 127.0.0.1:" + port + " is already in use by container " +
                                      holder + ";"));
    CHECK_THAT(r.err, !Catch::Contains("starting again"));
    CHECK_FALSE(std::regex_search(r.err, k_long_hex));
    require_nothing_left(project);
}
