// Eight `dtx run`s of PostgreSQL + Redis at the same time on one engine (the product promise: "8 runs in
// parallel on a 2-core machine: all pass, zero port clashes, zero leaks").
#include "support/run_binary.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <sstream>

using namespace dtx::test;

namespace fs = std::filesystem;

namespace {

constexpr int k_runs = 8;

// Reaches both services through the injected variables only, records the run's host ports and
// anonymous volumes, then waits (up to 120 s) until every run has got that far, so all eight
// environments exist at once.
std::string check_command(const fs::path& barrier) {
    std::string dir = barrier.string();
    return "pg_isready -q -h \"$DTX_DB_HOST\" -p \"$DTX_DB_PORT\""
           " && test \"$(psql \"$DTX_DB_URL\" -tAc 'select 1')\" = 1"
           " && test \"$(redis-cli -h \"$DTX_CACHE_HOST\" -p \"$DTX_CACHE_PORT\" ping)\" = PONG"
           " && echo \"ports $DTX_DB_PORT $DTX_CACHE_PORT\""
           " && echo \"volumes $(docker ps -q --filter label=dev.dtx.run=$DTX_RUN_ID | xargs docker inspect"
           " --format '{{range .Mounts}}{{.Name}} {{end}}' | tr '\\n' ' ')\""
           " && touch " +
           dir +
           "/$DTX_RUN_ID"
           " && i=0 && while [ \"$(ls " +
           dir + " | wc -l)\" -lt " + std::to_string(k_runs) +
           " ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done"
           " && echo \"together $(ls " +
           dir + " | wc -l)\"";
}

// The words after `key` on the line starting with it.
std::vector<std::string> words_after(const std::string& out, const std::string& key) {
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(key + " ", 0) == 0) {
            std::istringstream words(line.substr(key.size()));
            std::vector<std::string> found;
            for (std::string w; words >> w;) {
                found.push_back(w);
            }
            return found;
        }
    }
    return {};
}

}  // namespace

TEST_CASE("eight parallel runs of postgres and redis all pass, with distinct host ports and nothing left",
          "[docker][parallel]") {
    fs::path barrier = fs::temp_directory_path() / unique_project("dtx-parallel-barrier");
    fs::create_directories(barrier);
    std::string spec = source_path("tests/integration/fixtures/parallel-pg-redis/compose.yaml");
    std::vector<std::string> projects;
    projects.reserve(k_runs);
    std::vector<Background> runs;
    runs.reserve(k_runs);
    for (int i = 0; i < k_runs; ++i) {
        projects.push_back(unique_project("par" + std::to_string(i)));
        // A loaded 2-core machine starts eight postgres servers slowly: allow more than the 60 s default.
        runs.push_back(start_dtx(
            {"-p", projects.back(), "-f", spec, "run", "--timeout", "180s", "--", "sh", "-c", check_command(barrier)}));
    }
    std::vector<RunResult> results;
    results.reserve(runs.size());
    for (const auto& bg : runs) {
        results.push_back(wait_dtx(bg));
    }
    fs::remove_all(barrier);

    std::set<std::string> ports;
    std::vector<std::string> volumes;
    for (int i = 0; i < k_runs; ++i) {
        INFO("run " << i << " (" << projects[i] << ")\n" << results[i].err);
        CHECK(results[i].exit_code == 0);
        auto p = words_after(results[i].out, "ports");
        CHECK(p.size() == 2);
        ports.insert(p.begin(), p.end());
        auto v = words_after(results[i].out, "volumes");
        volumes.insert(volumes.end(), v.begin(), v.end());
        CHECK(words_after(results[i].out, "together") == std::vector<std::string>{std::to_string(k_runs)});
    }
    CHECK(ports.size() == std::size_t{2} * k_runs);
    CHECK(ports.count("5433") == 0);
    CHECK(ports.count("6380") == 0);
    for (const auto& project : projects) {
        std::string label = "dev.dtx.project=" + project;
        CHECK(count_containers(label) == 0);
        CHECK(count_networks(label) == 0);
        auto labelled_volumes = shared_engine().list_volumes({label});
        REQUIRE(labelled_volumes.ok());
        CHECK(labelled_volumes->empty());
    }
    CHECK_FALSE(volumes.empty());  // postgres declares a VOLUME: each run had an anonymous one
    for (const auto& volume : volumes) {
        INFO(volume);
        CHECK(run_shell("docker volume inspect " + volume + " >/dev/null 2>&1").exit_code != 0);
    }
}
