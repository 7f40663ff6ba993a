// `dtx run` end to end: the built binary against the real engine and the local test images.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>

using namespace dtx::test;

TEST_CASE("the quickstart's check script reaches postgres and redis with only the injected variables",
          "[docker][run]") {
    std::string project = unique_project("quickstart");
    auto r = run_dtx({"-p", project, "-f", source_path("examples/quickstart/compose.yaml"), "run", "--",
                      source_path("examples/quickstart/check.sh")});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("postgres: ok (app@appdb)"));
    CHECK_THAT(r.out, Catch::Contains("redis: ok"));
    CHECK_THAT(r.out, Catch::Contains("quickstart: all checks passed"));
    require_nothing_left(project);
}

TEST_CASE("run returns the command's own exit code and removes everything", "[docker][run]") {
    std::string project = unique_project("exit3");
    // Global options may also follow the verb.
    auto r = run_dtx({"run", "-p", project, "-f", fixture("redis-only"), "--", "sh", "-c", "exit 3"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    require_nothing_left(project);
}

TEST_CASE("the command sees DTX_ variables of the service and of the run", "[docker][run]") {
    std::string project = unique_project("vars");
    auto r =
        run_dtx({"-p", project, "-f", fixture("redis-only"), "run", "--", "sh", "-c",
                 "echo host=$DTX_CACHE_HOST port=$DTX_CACHE_PORT run=$DTX_RUN_ID net=$DTX_NETWORK url=$REDIS_URL"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("host=127.0.0.1 port="));
    CHECK_THAT(r.out, Catch::Contains("run=" + project + "-"));
    CHECK_THAT(r.out, Catch::Contains("net=dtx-" + project + "-"));
    CHECK_THAT(r.out, Catch::Contains("url=redis://127.0.0.1:"));
    require_nothing_left(project);
}

TEST_CASE("SIGINT while the command runs removes everything and exits 130", "[docker][run][signal]") {
    std::string project = unique_project("sigint");
    std::string marker = (std::filesystem::temp_directory_path() / (project + ".started")).string();
    auto bg = start_dtx(
        {"-p", project, "-f", fixture("redis-only"), "run", "--", "sh", "-c", "touch " + marker + " && exec sleep 60"});
    REQUIRE(wait_for_file(marker, 120));
    CHECK(count_containers("dev.dtx.project=" + project) == 1);
    kill(bg.pid, SIGINT);
    auto r = wait_dtx(bg);
    std::filesystem::remove(marker);
    INFO(r.err);
    CHECK(r.exit_code == 130);
    require_nothing_left(project);
}

TEST_CASE("a spec naming a missing image exits 125 with a message naming the image", "[docker][run]") {
    std::string project = unique_project("missing");
    auto r = run_dtx({"-p", project, "-f", fixture("missing-image"), "run", "--", "true"});
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("dtx-test/does-not-exist:0.0"));
    CHECK_THAT(r.err, Catch::Contains("services.ghost.image"));
    require_nothing_left(project);
}

TEST_CASE("a command that does not exist exits 127 before any service is created", "[docker][run]") {
    std::string project = unique_project("notfound");
    auto r = run_dtx({"-p", project, "-f", fixture("redis-only"), "run", "--", "dtx-no-such-command"});
    INFO(r.err);
    CHECK(r.exit_code == 127);
    CHECK(r.err ==
          "dtx: error: command not found: dtx-no-such-command (in no directory of PATH); no service was "
          "started\n");
    require_nothing_left(project);
}

// Hidden ([.root]): its own CTest entry runs it as root only, and reports skipped (77) otherwise.
TEST_CASE("a socket this user may not use exits 125 naming the socket and the group fix", "[.root][docker][run]") {
    INFO("needs root to run dtx as another user (ctest reports this case skipped for anyone else)");
    REQUIRE(getuid() == 0);
    // As nobody, without the docker group: the socket (root:docker 0660) refuses us. nobody may not
    // read the checkout (a clone in a 0700 mktemp -d), so the binary and the spec go where it can.
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / unique_project("nobody");
    fs::create_directories(dir);
    fs::copy_file(DTX_BINARY, dir / "dtx");
    fs::copy_file(fixture("redis-only"), dir / "compose.yaml");
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                             fs::perms::others_exec);
    auto r = dtx::test::run_shell("cd " + dir.string() +
                                  " && HOME=/nonexistent setpriv --reuid=65534 --regid=65534 --clear-groups ./dtx "
                                  "-f compose.yaml run -- true");
    fs::remove_all(dir);
    INFO(r.err);
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("permission denied on the Docker engine socket /var/run/docker.sock"));
    CHECK_THAT(r.err, Catch::Contains("usermod -aG docker"));
}

TEST_CASE("a port that docker-proxy accepts but nothing serves times out, exits 125 and removes everything",
          "[docker][run][readiness]") {
    std::string project = unique_project("mute");
    auto r = run_dtx({"-p", project, "-f", fixture("never-listens"), "run", "--timeout", "1s", "--", "true"});
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("mute: not ready after 1s (tcp:"));
    CHECK_THAT(r.err, Catch::Contains("closed the connection at once"));
    require_nothing_left(project);
}

TEST_CASE("a container that exits while dtx waits fails at once and shows its last log lines",
          "[docker][run][readiness]") {
    std::string project = unique_project("crashy");
    auto r = run_dtx({"-p", project, "-f", fixture("exits-early"), "run", "--timeout", "60s", "--", "true"});
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("exited with code 4"));
    CHECK_THAT(r.err, Catch::Contains("crashy | boom: config missing"));
    CHECK_THAT(r.err, Catch::Contains("error: crashy: "));
    require_nothing_left(project);
}

TEST_CASE("services reach each other by name, and a task dependants wait on completes first",
          "[docker][run][network]") {
    std::string project = unique_project("names");
    auto r = run_dtx({"-p", project, "-f", fixture("network-names"), "run", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("app started"));
    require_nothing_left(project);
}

TEST_CASE("a service that exits non-zero while the command runs is reported and fails a successful run",
          "[docker][run]") {
    std::string project = unique_project("runnerfail");
    auto r = run_dtx({"-p", project, "-f", fixture("runner-fails"), "run", "--", "sleep", "3"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("dtx: error: runner exited with code 3 during the run"));
    CHECK_THAT(r.err, Catch::Contains("runner-tests-failed-marker"));
    CHECK_THAT(r.err, !Catch::Contains("flaky exited"));  // x-dtx.allow-failure
    require_nothing_left(project);
}

TEST_CASE("a failed command keeps its own exit code when a service failed too", "[docker][run]") {
    std::string project = unique_project("runnerfail2");
    auto r = run_dtx({"-p", project, "-f", fixture("runner-fails"), "run", "--", "sh", "-c", "sleep 3; exit 7"});
    INFO(r.err);
    CHECK(r.exit_code == 7);
    CHECK_THAT(r.err, Catch::Contains("runner exited with code 3 during the run"));
    require_nothing_left(project);
}

TEST_CASE("a test-runner that exits 0 at once is a success, also in two runs started together", "[docker][run]") {
    std::string project = unique_project("runnerok");
    for (int round = 0; round < 3; ++round) {
        auto a = start_dtx({"-p", project, "-f", fixture("runner-quick"), "run", "--", "true"});
        auto b = start_dtx({"-p", project, "-f", fixture("runner-quick"), "run", "--", "true"});
        auto ra = wait_dtx(a);
        auto rb = wait_dtx(b);
        INFO(ra.err << rb.err);
        CHECK(ra.exit_code == 0);
        CHECK(rb.exit_code == 0);
        CHECK_THAT(ra.err + rb.err, !Catch::Contains("FAILED") && !Catch::Contains("failed"));
    }
    require_nothing_left(project);
}

TEST_CASE("an external volume must exist before the run, is used as it is, and stays afterwards", "[docker][run]") {
    std::string project = unique_project("external");
    std::string volume = project + "-shared";
    Invocation inv{
        {"-p", project, "-f", fixture("external-volume"), "run", "--", "true"}, {}, {{"DTX_TEST_VOLUME", volume}}};
    auto missing = run_dtx(inv);
    CHECK(missing.exit_code == 125);
    CHECK_THAT(missing.err, Catch::Contains("volumes.shared: the external volume \"" + volume + "\" does not exist"));
    CHECK_THAT(missing.err, Catch::Contains("external.name is deprecated"));
    require_nothing_left(project);

    REQUIRE(run_shell("docker volume create " + volume).exit_code == 0);
    auto used = run_dtx(inv);
    INFO(used.err);
    CHECK(used.exit_code == 0);
    CHECK(run_shell("docker volume inspect " + volume + " >/dev/null").exit_code == 0);
    run_shell("docker volume rm " + volume + " >/dev/null");
    require_nothing_left(project);
}
