// -v and -vv: the decisions of a run, then every engine request, on stderr only.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace dtx::test;

namespace {

const std::regex k_request_line(R"(engine: (GET|POST|DELETE|PUT|HEAD) /v1\.\d+/\S+ -> \d{3} in \d+ ms)");

RunResult run_redis(const std::string& project, const std::vector<std::string>& flags) {
    std::vector<std::string> args = flags;
    args.insert(args.end(), {"-p", project, "-f", fixture("redis-only"), "run", "--", "sh", "-c", "echo out"});
    return run_dtx(args);
}

}  // namespace

TEST_CASE("dtx -v adds each service's kind, readiness strategy, ports and the teardown steps, on stderr only",
          "[docker][run][verbose]") {
    std::string plain_project = unique_project("quiet");
    std::string verbose_project = unique_project("verbose");
    auto plain = run_redis(plain_project, {});
    auto verbose = run_redis(verbose_project, {"-v"});
    INFO(verbose.err);
    REQUIRE(plain.exit_code == 0);
    REQUIRE(verbose.exit_code == 0);
    CHECK(verbose.out == "out\n");
    for (const std::string& line : std::vector<std::string>{
             "cache: kind redis (from its image dtx-test/redis:7)",
             "cache: readiness redis on 6379 (the native probe of its kind)",
             "cache: publishes 127.0.0.1:", "-> 6379/tcp", "teardown of run " + verbose_project + "-",
             "teardown: removed container ", "teardown: removed network dtx-" + verbose_project + "-"}) {
        CHECK_THAT(verbose.err, Catch::Contains(line));
        CHECK_THAT(plain.err, !Catch::Contains(line));
    }
    CHECK_FALSE(std::regex_search(verbose.err, k_request_line));
    require_nothing_left(plain_project);
    require_nothing_left(verbose_project);
}

TEST_CASE("dtx -vv adds one line per engine request with its status and duration, never a body",
          "[docker][run][verbose]") {
    std::string project = unique_project("vv");
    auto r = run_redis(project, {"-vv"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "out\n");
    CHECK_THAT(r.err, Catch::Contains("cache: readiness redis on 6379"));
    CHECK(std::regex_search(r.err, std::regex(R"(engine: POST /v1\.\d+/containers/create\?name=dtx-)" + project +
                                              R"(-\S+ -> 201 in \d+ ms)")));
    CHECK(std::regex_search(
        r.err, std::regex(R"(engine: DELETE /v1\.\d+/networks/dtx-)" + project + R"(-\S+ -> 204 in \d+ ms)")));
    CHECK_THAT(r.err, !Catch::Contains("\"Image\""));  // the create request's JSON body
    require_nothing_left(project);
}

TEST_CASE("dtx -v says why a service is not ready yet, at most about once a second for the same reason",
          "[docker][run][verbose]") {
    std::string project = unique_project("notready");
    auto r = run_dtx({"-v", "-p", project, "-f", fixture("never-listens"), "run", "--timeout", "3s", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 125);
    std::istringstream lines(r.err);
    int not_ready = 0;
    for (std::string line; std::getline(lines, line);) {
        not_ready += line.find("mute: not ready after ") != std::string::npos ? 1 : 0;
    }
    // Polled every 10 ms to 60 ms for 3 s: well over 100 attempts, but a line a second per reason
    // (the reason may change once or twice, from refused to closed by docker-proxy).
    CHECK(not_ready >= 2);
    CHECK(not_ready <= 8);
    require_nothing_left(project);
}
