// Readiness end to end: `dtx run` against the real engine and the local test images. The command
// starts only once each service really accepts work, a service that dies stops the wait at once, and
// a timeout says what the probe saw last.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <regex>
#include <string>

using namespace dtx::test;

namespace {

// The "failed N ms" figure of `--timings`' line for `service`, if there is one.
std::optional<long> failed_ms(const std::string& err, const std::string& service) {
    std::regex line("dtx: timing " + service + ":[^\n]*failed ([0-9]+) ms");
    std::smatch m;
    if (!std::regex_search(err, m, line)) {
        return std::nullopt;
    }
    return std::stol(m[1].str());
}

}  // namespace

TEST_CASE("postgres is ready only after its init scripts ran, not when the temporary server answers",
          "[docker][ready]") {
    std::string project = unique_project("ready-pg");
    auto r = run_dtx({"-p", project, "-f", fixture("ready-postgres-init"), "run", "--", "psql", "-v", "ON_ERROR_STOP=1",
                      "-tA", "-c", "SELECT note FROM marker"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("created-by-init-script"));
    require_nothing_left(project);
}

TEST_CASE("redis with a password is ready, and REDIS_URL carries the password", "[docker][ready]") {
    std::string project = unique_project("ready-redis");
    auto r = run_dtx({"-p", project, "-f", fixture("ready-redis-password"), "run", "--", "sh", "-c",
                      "redis-cli -u \"$REDIS_URL\" ping"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("PONG"));
    require_nothing_left(project);
}

TEST_CASE("mariadb is ready for a client login and SELECT 1", "[docker][ready]") {
    std::string project = unique_project("ready-maria");
    // MYSQL_HOST, MYSQL_TCP_PORT and MYSQL_PWD come from dtx; the user is the image's root.
    auto r = run_dtx({"-p", project, "-f", fixture("ready-mariadb"), "run", "--", "mysql", "--user=root", "--batch",
                      "--execute=SELECT 1 AS one"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("one\n1"));
    require_nothing_left(project);
}

TEST_CASE("memcached is ready to answer version", "[docker][ready]") {
    std::string project = unique_project("ready-memc");
    auto r = run_dtx({"-p", project, "-f", fixture("ready-memcached"), "run", "--", "bash", "-c",
                      "exec 3<>\"/dev/tcp/$DTX_CACHE_HOST/$DTX_CACHE_PORT\" && printf 'version\\r\\n' >&3 && "
                      "timeout 5 head -n 1 <&3"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("VERSION "));
    require_nothing_left(project);
}

TEST_CASE("an http wait holds the command until the path answers with the wanted status", "[docker][ready]") {
    std::string project = unique_project("ready-http");
    // One request, no retry: the server listens at once but serves /health only ~1.5 s later.
    auto r = run_dtx({"-p", project, "-f", fixture("ready-http-late"), "run", "--", "sh", "-c",
                      "curl -fsS \"http://$DTX_WEB_HOST:$DTX_WEB_PORT/health\""});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "ok\n");
    require_nothing_left(project);
}

TEST_CASE("a container that exits while dtx waits fails the run at once with its exit code and last log lines",
          "[docker][ready]") {
    std::string project = unique_project("ready-exit");
    auto started = std::chrono::steady_clock::now();
    auto r = run_dtx(
        {"-p", project, "-f", fixture("ready-exits-fast"), "run", "--timings", "--timeout", "60s", "--", "true"});
    auto wall = std::chrono::steady_clock::now() - started;
    INFO(r.err);
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("exited with code 1"));
    CHECK_THAT(r.err, Catch::Contains("boom-marker"));
    CHECK(wall < std::chrono::seconds(30));
    auto failed = failed_ms(r.err, "bad");
    REQUIRE(failed.has_value());
    CHECK(*failed < 5000);  // loose on a shared 2-core machine: the point is not waiting out the 60 s
    require_nothing_left(project);
}

TEST_CASE("a container killed for running out of memory fails the run naming the OOM kill", "[docker][ready]") {
    std::string project = unique_project("ready-oom");
    auto r = run_dtx({"-p", project, "-f", fixture("ready-oom"), "run", "--timeout", "60s", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("OOM"));
    require_nothing_left(project);
}

TEST_CASE("a readiness timeout names the timeout and the probe's last reason", "[docker][ready]") {
    std::string project = unique_project("ready-slow");
    auto r = run_dtx({"-p", project, "-f", fixture("ready-http-timeout"), "run", "--timeout", "3s", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("web: not ready after 3s"));
    CHECK_THAT(r.err, Catch::Contains("status 404"));
    require_nothing_left(project);
}

TEST_CASE("the Compose healthcheck is run by dtx at its fast poll, not at the engine's interval", "[docker][ready]") {
    std::string project = unique_project("ready-health");
    auto r = run_dtx({"-p", project, "-f", fixture("ready-healthcheck"), "run", "--timings", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(r.err, m, std::regex("timing worker: [^\n]*ready ([0-9]+) ms \\(healthcheck\\)")));
    CHECK(std::stol(m[1].str()) < 25'000);  // the engine's first check would come after 30 s
    require_nothing_left(project);
}

TEST_CASE("all waits for a log line said twice and then a command that exits 0", "[docker][ready]") {
    std::string project = unique_project("ready-all");
    auto r = run_dtx({"-p", project, "-f", fixture("ready-log-exec"), "run", "--timings", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("(all(log /^consumer started$/ x2; exec test -f /tmp/ready))"));
    require_nothing_left(project);
}
