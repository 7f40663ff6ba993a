#include "start/start.hpp"

#include "fakes/fake_clock.hpp"
#include "fakes/fake_engine.hpp"
#include "fakes/recording_reporter.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <set>
#include <thread>

using namespace dtx::env;
using namespace dtx::plan;
using namespace dtx::start;
using namespace dtx::teardown;
using dtx::compose::Condition;
using dtx::fakes::FakeClock;
using dtx::fakes::FakeEngine;
using dtx::fakes::RecordingReporter;
using dtx::probe::ProbeResult;

namespace {

// Its check blocks (in real time, up to 5 s) until `open()` holds, so that a closed gate does not
// race the shared fake clock to a timeout; then it answers ready, recording "ready <service>" among
// the engine's calls, or not yet when `ready_when_open` is false.
class GateProbe final : public dtx::probe::Probe {
public:
    GateProbe(FakeEngine& engine, std::string service, std::function<bool()> open, bool ready_when_open)
        : m_engine(engine), m_service(std::move(service)), m_open(std::move(open)), m_ready(ready_when_open) {}
    std::string name() const override { return "gate"; }
    ProbeResult check() override {
        for (int i = 0; i < 5000 && !m_open(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (!m_ready || !m_open()) {
            return ProbeResult::not_yet("gate closed");
        }
        m_engine.record("ready " + m_service);
        return ProbeResult::ready();
    }

private:
    FakeEngine& m_engine;
    std::string m_service;
    std::function<bool()> m_open;
    bool m_ready;
};

const auto k_open = [] { return true; };

struct Fixture {
    FakeEngine engine;
    FakeClock clock;
    RecordingReporter reporter;
    dtx::compose::Project project;
    // When each service's probe opens; absent: at once.
    std::map<std::string, std::function<bool()>> gates;
    std::set<std::string> never_ready;  // probes that answer "not yet" at once, forever
    Existing existing;
    bool keep_host_ports = false;

    void add(const std::string& name, std::vector<std::pair<std::string, Condition>> deps = {}) {
        dtx::compose::Service s;
        s.name = name;
        s.image = "img/" + name;
        for (const auto& [service, condition] : deps) {
            dtx::compose::Dependency d;
            d.service = service;
            d.condition = condition;
            s.depends_on.push_back(d);
        }
        project.services.push_back(s);
    }

    std::vector<ServiceEndpoint> start() {
        project.name = "t";
        std::sort(project.services.begin(), project.services.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
        PlanInputs in;
        in.run_id = "r";
        in.keep_host_ports = keep_host_ports;
        Plan plan = make_plan(project, in);
        ResourceTracker tracker(engine, plan.run_id, reporter);
        StartContext ctx{engine, reporter, clock, tracker,
                         [this](const ServicePlan& sp, const ServiceEndpoint&, const std::string&) {
                             auto gate = gates.count(sp.service) ? gates.at(sp.service) : k_open;
                             bool ready = never_ready.count(sp.service) == 0;
                             return std::make_unique<GateProbe>(engine, sp.service, gate, ready);
                         }};
        auto endpoints = start_services(ctx, plan, project, existing);
        tracker.keep();
        return endpoints;
    }

    int at(const std::string& call) const { return engine.position(call); }
};

}  // namespace

TEST_CASE("a chain starts each service only after the one before is ready", "[session][start]") {
    Fixture f;
    f.add("a");
    f.add("b", {{"a", Condition::healthy}});
    f.add("c", {{"b", Condition::healthy}});
    auto endpoints = f.start();
    REQUIRE(endpoints.size() == 3);
    CHECK(f.at("ready a") < f.at("create dtx-r-b"));
    CHECK(f.at("ready b") < f.at("create dtx-r-c"));
    CHECK(f.at("ready c") >= 0);
    CHECK(f.at("network dtx-r") == 0);
}

TEST_CASE("in a diamond both middle services start together, the last after both are ready", "[session][start]") {
    Fixture f;
    f.add("a");
    f.add("b", {{"a", Condition::healthy}});
    f.add("c", {{"a", Condition::healthy}});
    f.add("d", {{"b", Condition::healthy}, {"c", Condition::healthy}});
    // b only becomes ready once c has started, and c once b has: sequential starts would never get there.
    f.gates["b"] = [&] { return f.engine.has("start dtx-r-c"); };
    f.gates["c"] = [&] { return f.engine.has("start dtx-r-b"); };
    f.start();
    CHECK(f.at("ready a") < f.at("create dtx-r-b"));
    CHECK(f.at("ready a") < f.at("create dtx-r-c"));
    CHECK(f.at("ready b") < f.at("create dtx-r-d"));
    CHECK(f.at("ready c") < f.at("create dtx-r-d"));
}

TEST_CASE("services free at the same moment start one after the other, the slowest to be ready first",
          "[session][start]") {
    Fixture f;
    f.add("cache");
    f.add("db");
    f.add("api");
    f.project.services[0].image = "redis:7";      // cache
    f.project.services[1].image = "postgres:16";  // db
    f.start();
    // The plan's order: databases, then generic services, then caches; each one's start returns
    // before the next one is created.
    CHECK(f.at("start dtx-r-db") < f.at("create dtx-r-api"));
    CHECK(f.at("start dtx-r-api") < f.at("create dtx-r-cache"));
}

TEST_CASE("a slow dependency does not delay a service that does not depend on it", "[session][start]") {
    Fixture f;
    f.add("slow");
    f.add("after", {{"slow", Condition::healthy}});
    f.add("free");
    // slow is ready only after free is: if free waited for slow, slow would time out.
    f.gates["slow"] = [&] { return f.engine.has("ready free"); };
    f.start();
    CHECK(f.at("ready free") < f.at("ready slow"));
    CHECK(f.at("ready slow") < f.at("create dtx-r-after"));
}

TEST_CASE("service_started waits for the container to start, not to be ready", "[session][start]") {
    Fixture f;
    f.add("a");
    f.add("b", {{"a", Condition::started}});
    f.gates["a"] = [&] { return f.engine.has("start dtx-r-b"); };
    f.start();
    CHECK(f.at("start dtx-r-a") < f.at("create dtx-r-b"));
    CHECK(f.at("start dtx-r-b") < f.at("ready a"));
}

TEST_CASE("a failing dependency stops the run with its name and reason, and its dependants never start",
          "[session][start]") {
    Fixture f;
    f.add("db");
    f.add("app", {{"db", Condition::healthy}});
    f.add("other");
    // db exited, so its probe cannot connect. other's probe holds until db has failed and then is
    // not ready: only the cancel caused by db's failure ends its wait before its timeout.
    f.never_ready = {"db", "other"};
    f.gates["other"] = [&] {
        auto services = f.reporter.services();
        return std::any_of(services.begin(), services.end(),
                           [](const auto& s) { return s.rfind("db failed", 0) == 0; });
    };
    f.engine.exit_on_start("dtx-r-db", 3);
    CHECK_THROWS_WITH(f.start(), "db: the container exited with code 3");
    CHECK_FALSE(f.engine.has("create dtx-r-app"));
    auto services = f.reporter.services();
    CHECK(std::count(services.begin(), services.end(), "db failed the container exited with code 3") == 1);
    CHECK(
        std::none_of(services.begin(), services.end(), [](const auto& s) { return s.rfind("other failed", 0) == 0; }));
    CHECK(f.reporter.logs() == std::vector<std::string>{"db: last words of dtx-r-db\n"});
    CHECK(f.clock.elapsed() < std::chrono::seconds(60));
}

TEST_CASE("a task that dependants wait on must complete successfully first", "[session][start]") {
    Fixture f;
    f.add("migrate");
    f.add("app", {{"migrate", Condition::completed_successfully}});
    SECTION("exit 0: the dependant starts after") {
        f.engine.exit_on_start("dtx-r-migrate", 0);
        f.start();
        CHECK(f.at("start dtx-r-migrate") < f.at("create dtx-r-app"));
        CHECK_FALSE(f.engine.has("ready migrate"));  // its exit is its readiness, no probe
    }
    SECTION("exit 1: the run stops, the dependant never starts") {
        f.engine.exit_on_start("dtx-r-migrate", 1);
        CHECK_THROWS_WITH(f.start(), "migrate: exited with code 1, and app need(s) it to complete successfully");
        CHECK_FALSE(f.engine.has("create dtx-r-app"));
    }
}

TEST_CASE("a dependency outside the plan is not waited for", "[session][start]") {
    Fixture f;
    f.add("app", {{"optional", Condition::healthy}});  // required: false and not in the plan
    auto endpoints = f.start();
    CHECK(endpoints.size() == 1);
    CHECK(f.engine.has("ready app"));
}

TEST_CASE("a start that loses its host port to a concurrent run is tried again", "[session][start]") {
    Fixture f;
    f.add("db");
    f.engine.fail_start(
        "dtx-r-db",
        {dtx::util::Errc::server,
         "driver failed programming external connectivity: Bind for 127.0.0.1:40001 failed: port is already allocated"},
        2);
    f.start();
    auto calls = f.engine.calls();
    CHECK(std::count(calls.begin(), calls.end(), "start dtx-r-db") == 3);
    CHECK(f.engine.has("ready db"));
    // One short note, without the engine's message and its ids, however many attempts it takes.
    auto notes = f.reporter.notes();
    CHECK(std::count(notes.begin(), notes.end(), "db: its ephemeral host port was taken meanwhile; starting again") ==
          1);
    CHECK(std::none_of(notes.begin(), notes.end(), [](const auto& n) { return n.find("Bind for") != n.npos; }));
}

TEST_CASE("a taken fixed host port fails the start at once, naming the service and the port", "[session][start]") {
    Fixture f;
    f.add("cache");
    dtx::compose::PortMapping fixed;
    fixed.host_port = 6380;
    fixed.target = 6379;
    f.project.services.back().ports.push_back(fixed);
    f.keep_host_ports = true;
    f.engine.fail_start("dtx-r-cache",
                        {dtx::util::Errc::server,
                         "driver failed programming external connectivity on endpoint dtx-r-cache "
                         "(4f1c0a5e0b7d3c2a1f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a): Bind for "
                         "127.0.0.1:6380 failed: port is already allocated"},
                        5);
    CHECK_THROWS_WITH(f.start(), Catch::StartsWith("cache: host port 127.0.0.1:6380 is already in use by "));
    auto calls = f.engine.calls();
    CHECK(std::count(calls.begin(), calls.end(), "start dtx-r-cache") == 1);
    auto notes = f.reporter.notes();
    CHECK(std::none_of(notes.begin(), notes.end(), [](const auto& n) { return n.find("starting again") != n.npos; }));
}

TEST_CASE("any other start failure stops the run at once, naming the service", "[session][start]") {
    Fixture f;
    f.add("db");
    f.engine.fail_start("dtx-r-db", {dtx::util::Errc::server, "OCI runtime create failed"}, 5);
    CHECK_THROWS_AS(f.start(), dtx::EngineError);
    auto calls = f.engine.calls();
    CHECK(std::count(calls.begin(), calls.end(), "start dtx-r-db") == 1);
}

TEST_CASE("a create failure stops the run naming the service; what was created is tracked", "[session][start]") {
    Fixture f;
    f.add("a");
    f.add("b", {{"a", Condition::healthy}});
    f.engine.fail_create("dtx-r-b", {dtx::util::Errc::conflict, "name already in use"});
    CHECK_THROWS_WITH(f.start(), "b: name already in use");
    // The tracker tore down what was created.
    CHECK(f.engine.has("remove dtx-r-a"));
    CHECK(f.engine.has("remove network dtx-r"));
}

TEST_CASE("a service that never becomes ready times out on the clock with the last reason", "[session][start]") {
    Fixture f;
    f.add("db");
    f.never_ready = {"db"};
    CHECK_THROWS_WITH(f.start(), Catch::StartsWith("db: not ready after 60s (gate: gate closed)"));
    CHECK(f.clock.elapsed() >= std::chrono::seconds(60));
}

TEST_CASE("what up found in place is used: the network as is, a stopped container started again", "[session][start]") {
    Fixture f;
    f.add("kept");
    f.add("fresh", {{"kept", Condition::healthy}});
    dtx::engine::ContainerConfig old;
    old.name = "dtx-r-kept";
    auto id = f.engine.create_container(old);
    REQUIRE(id);
    f.existing.network = true;
    f.existing.containers["kept"] = id.value();
    f.start();
    CHECK_FALSE(f.engine.has("network dtx-r"));
    auto calls = f.engine.calls();
    CHECK(std::count(calls.begin(), calls.end(), "create dtx-r-kept") == 1);  // only the one above
    CHECK(f.engine.has("start dtx-r-kept"));
    CHECK(f.at("ready kept") < f.at("create dtx-r-fresh"));
    auto services = f.reporter.services();
    CHECK(std::count(services.begin(), services.end(), "kept started img/kept (kept)") == 1);
}

TEST_CASE("a container OOM-killed while dtx waits fails the wait at once, with its last 20 log lines",
          "[session][start]") {
    Fixture f;
    f.add("db");
    f.never_ready = {"db"};
    for (int i = 1; i <= 25; ++i) {
        f.engine.append_log("dtx-r-db", "line " + std::to_string(i) + "\n");
    }
    f.gates["db"] = [&] {
        f.engine.oom_kill("dtx-r-db");
        return true;
    };
    CHECK_THROWS_WITH(f.start(), Catch::StartsWith("db: the container was killed for running out of memory "
                                                   "(OOMKilled, exit code 137)"));
    CHECK(f.clock.elapsed() < std::chrono::seconds(1));
    auto logs = f.reporter.logs();
    REQUIRE(logs.size() == 1);
    CHECK_THAT(logs[0], Catch::StartsWith("db: line 6\n") && Catch::EndsWith("line 25\n"));
}

TEST_CASE("a container the engine keeps restarting fails the wait at once", "[session][start]") {
    Fixture f;
    f.add("api");
    f.never_ready = {"api"};
    f.gates["api"] = [&] {
        f.engine.restart_loop("dtx-r-api", 1, 2);
        return true;
    };
    CHECK_THROWS_WITH(f.start(), "api: the container keeps restarting (2 restart(s), last exit code 1)");
    CHECK(f.clock.elapsed() < std::chrono::seconds(1));
}

TEST_CASE("each service reports when it was created, started, waited on and ready", "[session][start]") {
    Fixture f;
    f.add("db");
    f.start();
    auto services = f.reporter.services();
    auto at = [&](const std::string& line) {
        return std::find(services.begin(), services.end(), line) - services.begin();
    };
    CHECK(at("db created") < at("db started img/db"));
    CHECK(at("db started img/db") < at("db waiting running"));
    CHECK(at("db waiting running") < at("db ready gate"));
    CHECK(at("db ready gate") < static_cast<long>(services.size()));
}

// A service nothing needs to keep running (a test-runner, a seeding task) that exits 0 has done
// its job, whenever its exit is seen against its readiness.
TEST_CASE("a service nothing waits on that exits 0 before it is seen ready completes", "[session][start]") {
    Fixture f;
    f.add("runner");
    SECTION("exited before dtx first looked at it") {
        f.engine.exit_on_start("dtx-r-runner", 0);
    }
    SECTION("exited while its probe was not ready yet") {
        f.never_ready = {"runner"};
        f.gates["runner"] = [&] {
            f.engine.stop("dtx-r-runner", 0);
            return true;
        };
    }
    SECTION("exited once its probe answered ready") {
        f.gates["runner"] = [&] {
            f.engine.stop("dtx-r-runner", 0);
            return true;
        };
    }
    auto endpoints = f.start();
    CHECK(endpoints.size() == 1);
    auto services = f.reporter.services();
    CHECK(
        std::none_of(services.begin(), services.end(), [](const auto& s) { return s.rfind("runner failed", 0) == 0; }));
    CHECK(std::any_of(services.begin(), services.end(), [](const auto& s) { return s.rfind("runner ready", 0) == 0; }));
    CHECK(f.clock.elapsed() < std::chrono::seconds(1));
}

TEST_CASE("a service that exits 0 before it is ready, while a dependant waits for it to be healthy, fails",
          "[session][start]") {
    Fixture f;
    f.add("api");
    f.add("client", {{"api", Condition::healthy}});
    f.never_ready = {"api"};
    SECTION("exited before dtx first looked at it") {
        f.engine.exit_on_start("dtx-r-api", 0);
    }
    SECTION("exited while its probe was not ready yet") {
        f.gates["api"] = [&] {
            f.engine.stop("dtx-r-api", 0);
            return true;
        };
    }
    CHECK_THROWS_WITH(f.start(), "api: the container exited with code 0");
    CHECK_FALSE(f.engine.has("create dtx-r-client"));
}

TEST_CASE("a service_started dependant of a service that exits 0 at once still starts", "[session][start]") {
    Fixture f;
    f.add("seed");
    f.add("app", {{"seed", Condition::started}});
    f.engine.exit_on_start("dtx-r-seed", 0);
    auto endpoints = f.start();
    CHECK(endpoints.size() == 2);
    CHECK(f.at("start dtx-r-seed") < f.at("create dtx-r-app"));
}

TEST_CASE("a server of a known kind that exits 0 before it is ready fails", "[session][start]") {
    Fixture f;
    f.add("db");
    f.project.services[0].image = "postgres:16";
    f.engine.exit_on_start("dtx-r-db", 0);
    CHECK_THROWS_WITH(f.start(), "db: the container exited with code 0");
}

TEST_CASE("a service with an explicit x-dtx.wait that exits 0 before it is ready fails", "[session][start]") {
    Fixture f;
    f.add("svc");
    dtx::compose::WaitStrategy wait;
    wait.kind = "log";
    wait.regex = "up";
    f.project.services[0].dtx.wait = wait;
    f.engine.exit_on_start("dtx-r-svc", 0);
    CHECK_THROWS_WITH(f.start(), "svc: the container exited with code 0");
}
