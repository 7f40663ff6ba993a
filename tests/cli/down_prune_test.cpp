// dtx down and dtx prune against the real engine: they remove exactly what dtx's labels mark,
// never a lookalike, and prune spares runs whose dtx is alive. Every test uses its own project and
// passes -p to down --all and prune, so it never touches another test's resources.
#include "support/run_binary.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace dtx::test;

namespace {

std::vector<std::string> volume_names(const std::string& label) {
    std::vector<std::string> out;
    auto list = shared_engine().list_volumes({label});
    if (list) {
        for (const auto& v : list.value()) {
            out.push_back(v.name);
        }
    }
    return out;
}

// The run ids of the project's containers, in the engine's order.
std::vector<std::string> run_ids(const std::string& project) {
    std::vector<std::string> out;
    auto list = shared_engine().list_containers({"dev.dtx.project=" + project});
    if (list) {
        for (const auto& c : list.value()) {
            std::string run = c.labels.count("dev.dtx.run") != 0 ? c.labels.at("dev.dtx.run") : "";
            if (std::find(out.begin(), out.end(), run) == out.end()) {
                out.push_back(run);
            }
        }
    }
    return out;
}

// `dtx run --keep` of a fixture; returns the kept run's id ("" when the run failed).
std::string keep_run(const std::string& project, const std::string& fixture_name) {
    auto before = run_ids(project);
    auto r = run_dtx({"-p", project, "-f", fixture(fixture_name), "run", "--keep", "--", "true"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const auto& id : run_ids(project)) {
        if (std::find(before.begin(), before.end(), id) == before.end()) {
            return id;
        }
    }
    FAIL("the kept run left no container");
    return "";
}

// Removes whatever a test left of its project, even when a check failed midway (by label only).
struct ProjectCleanup {
    std::string project;
    ~ProjectCleanup() {
        std::string label = "label=dev.dtx.project=" + project;
        run_shell("docker rm -f $(docker ps -aq --filter " + label + ") ; docker volume rm -f $(docker volume ls -q " +
                  "--filter " + label + ") ; docker network rm $(docker network ls -q --filter " + label + ")");
    }
};

void require_nothing_labelled(const std::string& label) {
    CHECK(count_containers(label) == 0);
    CHECK(count_networks(label) == 0);
    CHECK(count_volumes(label) == 0);
}

}  // namespace

TEST_CASE("down --run removes a kept run's containers, volumes and network; a second down finds nothing",
          "[docker][down]") {
    std::string project = unique_project("downrun");
    ProjectCleanup cleanup{project};
    std::string run = keep_run(project, "down-volumes");
    std::string label = "dev.dtx.run=" + run;
    REQUIRE(count_containers(label) == 1);
    REQUIRE(count_networks(label) == 1);
    REQUIRE(count_volumes(label) == 2);  // the named and the anonymous one

    auto first = run_dtx({"down", "--run", run, "-v"});
    INFO(first.err);
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.err, Catch::Contains("removed container dtx-" + run + "-box (run " + run + ")"));
    CHECK_THAT(first.err, Catch::Contains("removed network dtx-" + run + " (run " + run + ")"));
    require_nothing_labelled(label);

    auto second = run_dtx({"down", "--run", run});
    CHECK(second.exit_code == 0);
    CHECK_THAT(second.err, Catch::Contains("nothing to remove"));
}

TEST_CASE("down without -v keeps the run's named volume and removes the anonymous one; down -v removes it",
          "[docker][down]") {
    std::string project = unique_project("downvol");
    ProjectCleanup cleanup{project};
    std::string run = keep_run(project, "down-volumes");
    std::string label = "dev.dtx.run=" + run;

    auto down = run_dtx({"down", "--run", run});
    INFO(down.err);
    CHECK(down.exit_code == 0);
    CHECK(count_containers(label) == 0);
    CHECK(count_networks(label) == 0);
    CHECK(volume_names(label) == std::vector<std::string>{run + "_data"});
    CHECK_THAT(down.err, Catch::Contains("kept volume " + run + "_data"));

    auto with_volumes = run_dtx({"down", "--run", run, "-v"});
    INFO(with_volumes.err);
    CHECK(with_volumes.exit_code == 0);
    CHECK_THAT(with_volumes.err, Catch::Contains("removed volume " + run + "_data"));
    require_nothing_labelled(label);
}

TEST_CASE("a container named like dtx but without its labels survives down --all and prune --all", "[docker][down]") {
    std::string project = unique_project("decoy");
    ProjectCleanup cleanup{project};
    std::string decoy = "dtx-" + project + "-decoy";
    auto started = run_shell("docker run -d --name " + decoy + " --label com.docker.compose.project=" + project +
                             " dtx-test/base:bookworm sleep 300");
    REQUIRE(started.exit_code == 0);
    std::string decoy_label = "com.docker.compose.project=" + project;

    keep_run(project, "redis-only");
    auto down = run_dtx({"-p", project, "down", "--all"});
    INFO(down.err);
    CHECK(down.exit_code == 0);
    CHECK(count_containers("dev.dtx.project=" + project) == 0);
    CHECK(count_containers(decoy_label) == 1);

    keep_run(project, "redis-only");
    auto prune = run_dtx({"-p", project, "prune", "--all"});
    INFO(prune.err);
    CHECK(prune.exit_code == 0);
    require_nothing_labelled("dev.dtx.project=" + project);
    CHECK(count_containers(decoy_label) == 1);

    CHECK(run_shell("docker rm -f " + decoy).exit_code == 0);
    CHECK(count_containers(decoy_label) == 0);
}

TEST_CASE("prune removes a run whose dtx has exited and spares one whose dtx still runs", "[docker][down]") {
    std::string project = unique_project("prune");
    ProjectCleanup cleanup{project};
    std::string dead = keep_run(project, "redis-only");  // its dtx has exited

    std::string marker = "/tmp/" + project + "-ready";
    auto live = start_dtx(
        {"-p", project, "-f", fixture("redis-only"), "run", "--", "sh", "-c", "touch " + marker + "; sleep 20"});
    bool ready = wait_for_file(marker, 60);
    std::string live_run;
    for (const auto& id : run_ids(project)) {
        live_run = id != dead ? id : live_run;
    }

    auto prune = run_dtx({"-p", project, "prune"});
    CHECK(ready);
    INFO(prune.err);
    CHECK(prune.exit_code == 0);
    CHECK(count_containers("dev.dtx.run=" + dead) == 0);
    CHECK(count_networks("dev.dtx.run=" + dead) == 0);
    CHECK_FALSE(live_run.empty());
    CHECK(count_containers("dev.dtx.run=" + live_run) == 1);
    CHECK_THAT(prune.err, Catch::Contains("left alone: run " + live_run + " (owner dtx (pid " +
                                          std::to_string(live.pid) + ") still running)"));

    kill(live.pid, SIGINT);
    auto ended = wait_dtx(live);
    std::remove(marker.c_str());
    INFO(ended.err);
    require_nothing_labelled("dev.dtx.project=" + project);
}

TEST_CASE("prune --dry-run lists what it would remove and removes nothing", "[docker][down]") {
    std::string project = unique_project("prunedry");
    ProjectCleanup cleanup{project};
    std::string run = keep_run(project, "redis-only");

    auto dry = run_dtx({"-p", project, "prune", "--dry-run"});
    INFO(dry.err);
    CHECK(dry.exit_code == 0);
    CHECK_THAT(dry.out, Catch::Contains("container dtx-" + run + "-cache (run " + run + ")\n"));
    CHECK_THAT(dry.out, Catch::Contains("network dtx-" + run + " (run " + run + ")\n"));
    CHECK(count_containers("dev.dtx.run=" + run) == 1);
    CHECK(count_networks("dev.dtx.run=" + run) == 1);

    CHECK(run_dtx({"down", "--run", run}).exit_code == 0);
    require_nothing_labelled("dev.dtx.run=" + run);
}
