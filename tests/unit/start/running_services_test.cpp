#include "start/running_services.hpp"

#include "engine/labels.hpp"
#include "fakes/fake_engine.hpp"

#include <catch2/catch.hpp>

using namespace dtx::plan;
using namespace dtx::start;
using dtx::fakes::FakeEngine;
using dtx::kind::Kind;

namespace {

dtx::compose::Service service(std::string name, std::string image, std::vector<std::uint16_t> ports) {
    dtx::compose::Service s;
    s.name = std::move(name);
    s.image = std::move(image);
    for (auto port : ports) {
        dtx::compose::PortMapping p;
        p.target = port;
        s.ports.push_back(p);
    }
    return s;
}

// The project `dtx up` started: run id = project name.
struct Up {
    FakeEngine engine;
    dtx::compose::Project project;

    Up() {
        project.name = "shop";
        project.content_hash = "h1";
        auto db = service("db", "postgres:16", {9187, 5432});
        db.environment = {{"POSTGRES_USER", "app"}, {"POSTGRES_PASSWORD", "pw"}};
        project.services = {service("cache", "redis:7", {6379}), db};
    }

    // Creates and starts the containers of `services` as `dtx up` planned them.
    void start(const std::vector<std::string>& services) {
        PlanInputs inputs;
        inputs.run_id = project.name;
        Plan plan = make_plan(project, inputs);
        for (const auto& sp : plan.services) {
            if (std::find(services.begin(), services.end(), sp.service) != services.end()) {
                auto id = engine.create_container(sp.container);
                REQUIRE(id.ok());
                REQUIRE(engine.start_container(id.value()).ok());
            }
        }
    }
};

}  // namespace

TEST_CASE("the running services of an up environment become endpoints with their kind and main port",
          "[session][env]") {
    Up up;
    up.start({"db", "cache"});
    auto running = running_services(up.engine, up.project, "shop");
    REQUIRE(running.endpoints.size() == 2);
    const auto& db = running.endpoints[0];  // plan order: databases first
    CHECK(db.service == "db");
    CHECK(db.kind == Kind::postgres);
    CHECK(db.main_port == 5432);
    CHECK(db.tcp_ports.size() == 2);
    CHECK(db.host == "127.0.0.1");
    CHECK(db.credentials.user == "app");
    CHECK(db.credentials.password == "pw");
    CHECK(running.endpoints[1].kind == Kind::redis);
    CHECK(running.notes.empty());
}

TEST_CASE("a stopped container and one of a service the spec dropped are left out with a note", "[session][env]") {
    Up up;
    up.start({"db", "cache"});
    up.engine.stop("dtx-shop-cache", 0);
    auto gone = up.project;
    std::erase_if(gone.services, [](const auto& s) { return s.name == "db"; });
    auto running = running_services(up.engine, gone, "shop");
    CHECK(running.endpoints.empty());
    CHECK(running.notes == std::vector<std::string>{"cache: left out, its container is exited; dtx up starts it",
                                                    "dtx-shop-db: left out, the spec has no service db any more"});
}

TEST_CASE("containers of another run are not taken for the environment's", "[session][env]") {
    Up up;
    up.start({"db"});
    auto running = running_services(up.engine, up.project, "shop-1a2b3c");
    CHECK(running.endpoints.empty());
}

TEST_CASE("a spec edited since up is said to be followed as it is now", "[session][env]") {
    Up up;
    up.start({"cache"});
    up.project.content_hash = "h2";
    auto running = running_services(up.engine, up.project, "shop");
    REQUIRE(running.notes.size() == 1);
    CHECK_THAT(running.notes[0], Catch::StartsWith("the spec changed since dtx up"));
}

TEST_CASE("an endpoint uses the main port's host address unless it is a wildcard", "[session][env]") {
    ServicePlan sp;
    sp.service = "db";
    sp.kind = Kind::postgres;
    sp.main_port = 5432;
    dtx::engine::ContainerState state;
    state.ports = {{5432, "tcp", "127.0.0.2", 40001}, {5432, "udp", "", 40002}, {80, "tcp", "0.0.0.0", 40003}};
    auto e = container_endpoint(sp, service("db", "postgres", {}), state);
    CHECK(e.host == "127.0.0.2");
    CHECK(e.tcp_ports == std::map<std::uint16_t, std::uint16_t>{{80, 40003}, {5432, 40001}});
    state.ports = {{5432, "tcp", "0.0.0.0", 40001}};
    CHECK(container_endpoint(sp, service("db", "postgres", {}), state).host == "127.0.0.1");
}
