// `dtx up`: the lasting environment under a stable id, updated in place.
#include "fakes/temp_dir.hpp"
#include "support/run_binary.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>

using namespace dtx::test;
using dtx::fakes::TempDir;

namespace {

std::string spec_with(const std::string& greeting) {
    return R"(services:
  cache:
    image: dtx-test/redis:7
  worker:
    image: dtx-test/base:bookworm
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    environment:
      GREETING: )" +
           greeting + "\n";
}

// The id of `service`'s container in `project`, empty when there is none.
std::string container_of(const std::string& project, const std::string& service) {
    auto r = run_shell("docker ps -aq --no-trunc --filter label=dev.dtx.project=" + project +
                       " --filter label=dev.dtx.service=" + service);
    return r.out.empty() ? "" : r.out.substr(0, r.out.find('\n'));
}

// Removes what a test left, by label, whatever state it is in.
void remove_project(const std::string& project) {
    (void)run_shell("docker rm -f -v $(docker ps -aq --filter label=dev.dtx.project=" + project +
                    ") >/dev/null 2>&1; docker network rm dtx-" + project + " >/dev/null 2>&1; docker volume rm " +
                    "$(docker volume ls -q --filter label=dev.dtx.project=" + project + ") >/dev/null 2>&1");
}

}  // namespace

TEST_CASE("up twice reuses the containers; after an edit only the edited service is recreated", "[docker][up]") {
    std::string project = unique_project("up");
    TempDir dir;
    std::string file = dir.write("compose.yaml", spec_with("hello"));
    auto up = [&](std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"-p", project, "-f", file, "up", "-d"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run_dtx(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return r;
    };

    auto first = up();
    CHECK_THAT(first.err, Catch::Contains(project + " is up"));
    std::string cache = container_of(project, "cache");
    std::string worker = container_of(project, "worker");
    REQUIRE_FALSE(cache.empty());
    REQUIRE_FALSE(worker.empty());
    CHECK(count_networks("dev.dtx.project=" + project) == 1);
    CHECK(run_shell("docker inspect -f '{{.Name}}' " + cache).out == "/dtx-" + project + "-cache\n");

    up();
    CHECK(container_of(project, "cache") == cache);
    CHECK(container_of(project, "worker") == worker);

    dir.write("compose.yaml", spec_with("bye"));
    auto edited = up();
    CHECK_THAT(edited.err, Catch::Contains("worker: recreating (definition changed)"));
    CHECK(container_of(project, "cache") == cache);
    std::string new_worker = container_of(project, "worker");
    CHECK(new_worker != worker);
    CHECK_THAT(run_shell("docker inspect -f '{{.Config.Env}}' " + new_worker).out, Catch::Contains("GREETING=bye"));

    up({"--force-recreate"});
    CHECK(container_of(project, "cache") != cache);
    CHECK(container_of(project, "worker") != new_worker);

    auto down = run_dtx({"-p", project, "down"});
    INFO(down.err);
    CHECK(down.exit_code == 0);
    CHECK(count_containers("dev.dtx.project=" + project) == 0);
    CHECK(count_networks("dev.dtx.project=" + project) == 0);
    remove_project(project);
}

TEST_CASE("up starts a stopped container again and honours fixed host ports", "[docker][up]") {
    std::string project = unique_project("up-stopped");
    auto port = free_tcp_port();
    REQUIRE(port != 0);
    TempDir dir;
    std::string file = dir.write("compose.yaml", "services:\n  cache:\n    image: dtx-test/redis:7\n    ports: [\"" +
                                                     std::to_string(port) + ":6379\"]\n");
    auto r = run_dtx({"-p", project, "-f", file, "up", "-d"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::string cache = container_of(project, "cache");
    CHECK(run_shell("docker port " + cache + " 6379/tcp").out == "127.0.0.1:" + std::to_string(port) + "\n");
    REQUIRE(run_shell("docker stop -t 0 " + cache).exit_code == 0);
    r = run_dtx({"-p", project, "-f", file, "up", "-d"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(container_of(project, "cache") == cache);
    CHECK(run_shell("docker inspect -f '{{.State.Running}}' " + cache).out == "true\n");
    remove_project(project);
}

TEST_CASE("up without -d follows the logs, and Ctrl-C removes the environment", "[docker][up][signal]") {
    std::string project = unique_project("up-fg");
    TempDir dir;
    std::string file = dir.write("compose.yaml", spec_with("hello"));
    auto bg = start_dtx({"-p", project, "-f", file, "up"});
    std::string err;
    for (int i = 0; i < 1200 && err.find(" is up") == std::string::npos; ++i) {
        usleep(50'000);
        std::ifstream in(bg.err_path);
        err.assign(std::istreambuf_iterator<char>(in), {});
    }
    REQUIRE_THAT(err, Catch::Contains(project + " is up"));
    usleep(300'000);  // let the log streams attach
    kill(bg.pid, SIGINT);
    auto r = wait_dtx(bg);
    INFO(r.err);
    CHECK(r.exit_code == 130);
    CHECK_THAT(r.out, Catch::Contains("cache  | "));  // redis's start-up lines, prefixed
    CHECK(count_containers("dev.dtx.project=" + project) == 0);
    CHECK(count_networks("dev.dtx.project=" + project) == 0);
    remove_project(project);
}

TEST_CASE("up with a service that fails leaves the environment for a look and says how to remove it", "[docker][up]") {
    std::string project = unique_project("up-fail");
    TempDir dir;
    // Nothing listens on 5000, so it is never ready; it fails when the container exits.
    std::string file = dir.write("compose.yaml", R"(services:
  broken:
    image: dtx-test/base:bookworm
    command: ["sh", "-c", "sleep 0.3; exit 1"]
    expose: ["5000"]
)");
    auto r = run_dtx({"-p", project, "-f", file, "up", "-d"});
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("error: broken: the container exited with code 1"));
    CHECK_THAT(r.err, Catch::Contains(project + " stays as it is so you can look at it; dtx down removes it"));
    CHECK(count_containers("dev.dtx.project=" + project) == 1);
    remove_project(project);
}

TEST_CASE("up --build rebuilds the image and recreates only the service built from it", "[docker][up][build]") {
    std::string project = unique_project("up-build");
    TempDir dir;
    auto dockerfile = [&](const std::string& version) {
        dir.write("Dockerfile",
                  "FROM dtx-test/base:bookworm\nRUN echo " + version + " > /version\nCMD [\"sleep\", \"300\"]\n");
    };
    dockerfile("v1");
    std::string file = dir.write("compose.yaml", R"(services:
  app:
    build: .
    stop_signal: SIGKILL
  cache:
    image: dtx-test/redis:7
)");
    auto up = [&](std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"-p", project, "-f", file, "up", "-d"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run_dtx(args);
        INFO(r.err);
        CHECK(r.exit_code == 0);
    };
    up();
    std::string app = container_of(project, "app");
    std::string cache = container_of(project, "cache");
    REQUIRE_FALSE(app.empty());
    CHECK(run_shell("docker exec " + app + " cat /version").out == "v1\n");

    dockerfile("v2");
    up();  // the image is there: no build, nothing changes (as compose does)
    CHECK(container_of(project, "app") == app);

    up({"--build"});
    std::string rebuilt = container_of(project, "app");
    CHECK(rebuilt != app);
    CHECK(container_of(project, "cache") == cache);
    CHECK(run_shell("docker exec " + rebuilt + " cat /version").out == "v2\n");

    CHECK(run_dtx({"-p", project, "down"}).exit_code == 0);
    remove_project(project);
    // Both builds: the first one lost its tag to the second and would stay behind untagged.
    (void)run_shell("docker rmi -f $(docker images -q --filter label=dev.dtx.project=" + project + ") >/dev/null 2>&1");
    CHECK(run_shell("docker images -q --filter label=dev.dtx.project=" + project).out.empty());
}

TEST_CASE("two ups of the same project at once both succeed and make one environment", "[docker][up]") {
    std::string project = unique_project("uptwice");
    TempDir dir;
    std::string file = dir.write("compose.yaml", spec_with("hello"));
    auto a = start_dtx({"-p", project, "-f", file, "up", "-d"});
    auto b = start_dtx({"-p", project, "-f", file, "up", "-d"});
    auto ra = wait_dtx(a);
    auto rb = wait_dtx(b);
    INFO(ra.err << "---\n" << rb.err);
    CHECK(ra.exit_code == 0);
    CHECK(rb.exit_code == 0);
    CHECK(count_networks("dev.dtx.project=" + project) == 1);
    CHECK(count_containers("dev.dtx.project=" + project) == 2);
    auto down = run_dtx({"-p", project, "-f", file, "down"});
    CHECK(down.exit_code == 0);
    remove_project(project);
    CHECK(count_networks("dev.dtx.project=" + project) == 0);
}
