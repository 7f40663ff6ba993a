// dtx prune: which runs are dead (a pure decision on labels and process facts), and what prune
// asks the (in-memory) engine to delete.
#include "session/prune.hpp"
#include "engine/engine_time.hpp"
#include "teardown/process_status.hpp"
#include "teardown/prune_select.hpp"

#include "fakes/fake_engine.hpp"
#include "fakes/recording_reporter.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

using namespace dtx::session;
using namespace dtx::teardown;
using dtx::engine::parse_engine_time;
using dtx::fakes::FakeEngine;
using dtx::fakes::RecordingReporter;
using dtx::util::WallTime;
using namespace std::chrono_literals;

namespace {

const WallTime k_run_start = WallTime(1'700'000'000s);

// Processes by pid; any other pid does not exist. Counts the questions.
struct FakeProcesses {
    std::map<int, ProcessStatus> table;
    int asked = 0;

    ProcessLookup lookup() {
        return [this](int pid) {
            ++asked;
            auto it = table.find(pid);
            return it == table.end() ? ProcessStatus{} : it->second;
        };
    }
};

RunOwner owned(const std::string& pid, const std::string& host = "ci-1") {
    return RunOwner{"shop-1a2b3c", pid, host, k_run_start};
}

const PruneRules k_here{"ci-1", false};

}  // namespace

TEST_CASE("a run whose owner pid does not exist is removed", "[down]") {
    FakeProcesses procs;
    auto d = judge_run(owned("4242"), k_here, procs.lookup());
    CHECK(d.remove);
    CHECK(d.run_id == "shop-1a2b3c");
    CHECK(d.reason == "owner dtx (pid 4242) has exited");
}

TEST_CASE("a run whose owner is still running is left alone", "[down]") {
    FakeProcesses procs;
    procs.table[4242] = {true, k_run_start - 2s};
    auto d = judge_run(owned("4242"), k_here, procs.lookup());
    CHECK_FALSE(d.remove);
    CHECK(d.reason == "owner dtx (pid 4242) still running");
}

TEST_CASE("a run whose owner pid now belongs to a process started after the run is removed", "[down]") {
    FakeProcesses procs;
    procs.table[4242] = {true, k_run_start + 1h};
    auto d = judge_run(owned("4242"), k_here, procs.lookup());
    CHECK(d.remove);
    CHECK_THAT(d.reason, Catch::Contains("later process"));
}

TEST_CASE("a process start within the clock slack of the run's start still counts as the owner", "[down]") {
    FakeProcesses procs;
    procs.table[4242] = {true, k_run_start + k_pid_reuse_slack - 1s};
    CHECK_FALSE(judge_run(owned("4242"), k_here, procs.lookup()).remove);
}

TEST_CASE("an existing owner is kept when either start time is unknown", "[down]") {
    FakeProcesses procs;
    procs.table[4242] = {true, std::nullopt};
    CHECK_FALSE(judge_run(owned("4242"), k_here, procs.lookup()).remove);
    procs.table[4242] = {true, k_run_start + 1h};
    RunOwner no_containers = owned("4242");
    no_containers.started.reset();
    CHECK_FALSE(judge_run(no_containers, k_here, procs.lookup()).remove);
}

TEST_CASE("a persistent run (owner pid missing or 0) is left alone and no process is asked about", "[down]") {
    FakeProcesses procs;
    for (const char* pid : {"", "0"}) {
        auto d = judge_run(owned(pid), k_here, procs.lookup());
        CHECK_FALSE(d.remove);
        CHECK_THAT(d.reason, Catch::StartsWith("persistent"));
    }
    CHECK(procs.asked == 0);
}

TEST_CASE("an owner pid that is not a positive number is never looked up", "[down]") {
    FakeProcesses procs;
    for (const char* pid : {"-1", "abc", "12x", "99999999999999"}) {
        CHECK_FALSE(judge_run(owned(pid), k_here, procs.lookup()).remove);
    }
    CHECK(procs.asked == 0);
    CHECK(owner_pid("4242") == 4242);
    CHECK_FALSE(owner_pid("0").has_value());
    CHECK_FALSE(owner_pid("-5").has_value());
}

TEST_CASE("a run owned on another host, or on an unknown one, is left alone", "[down]") {
    FakeProcesses procs;
    auto other = judge_run(owned("4242", "ci-2"), k_here, procs.lookup());
    CHECK_FALSE(other.remove);
    CHECK_THAT(other.reason, Catch::Contains("host ci-2"));
    CHECK_FALSE(judge_run(owned("4242", ""), k_here, procs.lookup()).remove);
    CHECK(procs.asked == 0);
}

TEST_CASE("prune --all removes every run whatever its owner", "[down]") {
    FakeProcesses procs;
    procs.table[4242] = {true, k_run_start - 1s};
    PruneRules all{"ci-1", true};
    auto decisions = judge_runs({owned("4242"), owned("0"), owned("7", "ci-2")}, all, procs.lookup());
    REQUIRE(decisions.size() == 3);
    CHECK(std::all_of(decisions.begin(), decisions.end(), [](const PruneDecision& d) { return d.remove; }));
    CHECK(procs.asked == 0);
}

TEST_CASE("engine timestamps are read with fractions and offsets; the zero time is unknown", "[down]") {
    CHECK(parse_engine_time("2023-11-14T22:13:20Z") == WallTime(1'700'000'000s));
    CHECK(parse_engine_time("2023-11-14T22:13:20.5Z") == WallTime(1'700'000'000s + 500ms));
    CHECK(parse_engine_time("2023-11-14T23:13:20.123456789+01:00") ==
          WallTime(std::chrono::duration_cast<std::chrono::system_clock::duration>(1'700'000'000s + 123456789ns)));
    CHECK_FALSE(parse_engine_time("0001-01-01T00:00:00Z").has_value());
    CHECK_FALSE(parse_engine_time("").has_value());
    CHECK_FALSE(parse_engine_time("2023-13-40T22:13:20Z").has_value());
    CHECK_FALSE(parse_engine_time("2023-11-14T22:13:20").has_value());
}

TEST_CASE("this process exists and started before now; a reaped child does not exist", "[down]") {
    auto self = process_status(static_cast<int>(getpid()));
    CHECK(self.exists);
    REQUIRE(self.started.has_value());
    CHECK(*self.started <= std::chrono::system_clock::now() + 2s);
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK_FALSE(process_status(child).exists);
    CHECK_FALSE(process_status(0).exists);
}

namespace {

dtx::engine::Labels labels(const std::string& run, const std::string& pid, const std::string& host = "ci-1") {
    return {
        {"dev.dtx.run", run}, {"dev.dtx.project", "shop"}, {"dev.dtx.owner-pid", pid}, {"dev.dtx.owner-host", host}};
}

// Creates container `name` with `labels`, not started.
void container(FakeEngine& e, const std::string& name, const dtx::engine::Labels& labels) {
    dtx::engine::ContainerConfig spec;
    spec.name = name;
    spec.labels = labels;
    REQUIRE(e.create_container(spec));
}

// Four runs: dead (pid 100), alive (pid 200), persistent (up), and one on another host; plus a
// container without dtx's labels that the engine lists anyway.
void answer_runs(FakeEngine& e) {
    e.ignore_label_filters();
    container(e, "dtx-shop-dead-db", labels("shop-dead", "100"));
    container(e, "dtx-shop-live-db", labels("shop-live", "200"));
    e.started_at("dtx-shop-live-db", "2023-11-14T22:13:20Z");
    container(e, "dtx-shop-db", labels("shop", "0"));
    container(e, "dtx-shop-far-db", labels("shop-far", "100", "ci-2"));
    container(e, "dtx-shop-decoy", {{"com.docker.compose.project", "shop"}});
    e.add_volume("shop-dead_data", labels("shop-dead", "100"));
    e.add_volume("shop_data", labels("shop", "0"));
    e.add_network("dtx-shop-dead", labels("shop-dead", "100"));
    e.add_network("dtx-shop-live", labels("shop-live", "200"));
}

}  // namespace

TEST_CASE("prune deletes only the dead run's resources, containers first, and says why others stay", "[down]") {
    FakeEngine e;
    answer_runs(e);
    FakeProcesses procs;
    procs.table[200] = {true, k_run_start - 1s};
    RecordingReporter reporter;
    PruneRequest request{"shop", "ci-1", false, false};
    auto outcome = prune_runs(e, request, procs.lookup(), reporter);
    CHECK(outcome.exit_code == 0);
    CHECK(outcome.would_remove.empty());
    CHECK(e.calls_starting("remove ") == std::vector<std::string>{"remove dtx-shop-dead-db",
                                                                  "remove volume shop-dead_data",
                                                                  "remove network net-dtx-shop-dead"});
    auto notes = reporter.notes();
    auto has = [&](const std::string& text) { return std::find(notes.begin(), notes.end(), text) != notes.end(); };
    CHECK(has("removing run shop-dead (owner dtx (pid 100) has exited)"));
    CHECK(has("left alone: run shop-live (owner dtx (pid 200) still running)"));
    CHECK(has("left alone: run shop (persistent (dtx up); dtx down removes it)"));
    CHECK(has("left alone: run shop-far (owner on host ci-2; prune there, or use --all)"));
    CHECK(has("removed container dtx-shop-dead-db (run shop-dead)"));
    // -p shop: the listing asks for dev.dtx.run and dev.dtx.project=shop.
    auto lines = e.listings();
    CHECK(std::find(lines.begin(), lines.end(), "networks: dev.dtx.run,dev.dtx.project=shop") != lines.end());
}

TEST_CASE("prune --dry-run lists every resource it would remove and deletes nothing", "[down]") {
    FakeEngine e;
    answer_runs(e);
    FakeProcesses procs;
    RecordingReporter reporter;
    PruneRequest request{"", "ci-1", true, true};
    auto outcome = prune_runs(e, request, procs.lookup(), reporter);
    CHECK(e.calls_starting("remove ").empty());
    CHECK(outcome.would_remove == std::vector<std::string>{
                                      "container dtx-shop-db (run shop)",
                                      "container dtx-shop-dead-db (run shop-dead)",
                                      "container dtx-shop-far-db (run shop-far)",
                                      "container dtx-shop-live-db (run shop-live)",
                                      "volume shop_data (run shop)",
                                      "volume shop-dead_data (run shop-dead)",
                                      "network dtx-shop-dead (run shop-dead)",
                                      "network dtx-shop-live (run shop-live)",
                                  });
}

TEST_CASE("prune with no dtx runs says there is nothing to prune", "[down]") {
    FakeEngine e;
    FakeProcesses procs;
    RecordingReporter reporter;
    auto outcome = prune_runs(e, PruneRequest{"", "ci-1", false, false}, procs.lookup(), reporter);
    CHECK(outcome.exit_code == 0);
    CHECK(reporter.notes() == std::vector<std::string>{"nothing to prune: no dtx runs"});
}
