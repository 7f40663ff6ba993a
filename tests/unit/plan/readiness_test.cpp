// The choice of a readiness strategy (man/dtx.1, READINESS): x-dtx.wait > kind > healthcheck > tcp.
#include "plan/readiness.hpp"
#include "start/wait_probe.hpp"

#include "fakes/fake_clock.hpp"
#include "fakes/fake_engine.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

using namespace dtx::env;
using namespace dtx::plan;
using dtx::compose::Service;
using dtx::compose::WaitStrategy;
using dtx::kind::Kind;
using Ports = std::vector<std::uint16_t>;

namespace {

Service service(const std::string& image) {
    Service s;
    s.name = "svc";
    s.image = image;
    s.location = {"/src/compose.yaml", 7, 3};
    return s;
}

std::vector<dtx::engine::PortConfig> published(const Ports& ports) {
    std::vector<dtx::engine::PortConfig> out;
    for (auto p : ports) {
        out.push_back(dtx::engine::PortConfig{p, "tcp", "127.0.0.1", 0});
    }
    return out;
}

dtx::engine::HealthcheckConfig healthcheck(std::vector<std::string> test) {
    dtx::engine::HealthcheckConfig h;
    h.test = std::move(test);
    return h;
}

WaitStrategy strategy(const std::string& kind) {
    WaitStrategy w;
    w.kind = kind;
    return w;
}

}  // namespace

TEST_CASE("x-dtx.wait wins over the kind's native probe", "[session][readiness]") {
    Service s = service("postgres:16");
    WaitStrategy w = strategy("http");
    w.path = "/health";
    s.dtx.wait = w;
    auto plan = plan_wait(s, Kind::postgres, 5432, published({5432, 8080}), std::nullopt);
    CHECK(plan.strategy == "http");
    CHECK(plan.origin == "x-dtx.wait");
    CHECK(plan.ports == Ports{5432});  // no port given: the main port
    CHECK(plan.describe() == "http GET /health on 5432");
}

TEST_CASE("the kind's native probe wins over the healthcheck, with the service's credentials", "[session][readiness]") {
    Service s = service("postgres:16");
    s.environment["POSTGRES_USER"] = "app";
    s.environment["POSTGRES_PASSWORD"] = "secret";
    auto plan = plan_wait(s, Kind::postgres, 5432, published({5432}), healthcheck({"CMD", "pg_isready"}));
    CHECK(plan.strategy == "postgres");
    CHECK(plan.origin == "kind");
    CHECK(plan.credentials.user == "app");
    CHECK(plan.credentials.password == "secret");
    CHECK(plan.credentials.database == "app");
    CHECK(plan.describe() == "postgres on 5432");
}

TEST_CASE("the healthcheck wins over tcp and runs as an argv", "[session][readiness]") {
    Service s = service("my/api");
    auto plan = plan_wait(s, Kind::generic, 8080, published({8080}), healthcheck({"CMD-SHELL", "curl -f localhost"}));
    CHECK(plan.strategy == "healthcheck");
    CHECK(plan.command == std::vector<std::string>{"/bin/sh", "-c", "curl -f localhost"});
}

TEST_CASE("a disabled healthcheck falls back to tcp on every published port", "[session][readiness]") {
    Service s = service("my/api");
    auto plan = plan_wait(s, Kind::generic, 8080, published({8080, 9090, 8080}), healthcheck({"NONE"}));
    CHECK(plan.strategy == "tcp");
    CHECK(plan.origin == "ports");
    CHECK(plan.ports == Ports{8080, 9090});
    CHECK(plan.describe() == "tcp on 8080, 9090");
}

TEST_CASE("a service with nothing to connect to is ready while it runs", "[session][readiness]") {
    auto plan = plan_wait(service("busybox"), Kind::generic, std::nullopt, {}, std::nullopt);
    CHECK(plan.strategy == "running");
    CHECK(plan.origin == "no ports");
}

TEST_CASE("HTTP kinds wait for any HTTP answer on their main port", "[session][readiness]") {
    auto plan = plan_wait(service("minio/minio"), Kind::s3, 9000, published({9000, 9001}), std::nullopt);
    CHECK(plan.strategy == "http");
    CHECK(plan.ports == Ports{9000});
    CHECK(plan.http.status == dtx::probe::k_any_answer);
}

TEST_CASE("a kind without a published port falls through to the next rule", "[session][readiness]") {
    auto plan = plan_wait(service("redis:7"), Kind::redis, std::nullopt, {}, healthcheck({"CMD", "redis-cli", "ping"}));
    CHECK(plan.strategy == "healthcheck");
}

TEST_CASE("all resolves each strategy with its own port", "[session][readiness]") {
    Service s = service("my/api");
    WaitStrategy tcp = strategy("tcp");
    tcp.port = 9090;
    WaitStrategy log = strategy("log");
    log.regex = "listening";
    log.occurrences = 2;
    WaitStrategy all = strategy("all");
    all.all = {tcp, log};
    s.dtx.wait = all;
    auto plan = plan_wait(s, Kind::generic, 8080, published({8080, 9090}), std::nullopt);
    REQUIRE(plan.all.size() == 2);
    CHECK(plan.all[0].ports == Ports{9090});
    CHECK(plan.describe() == "all(tcp on 9090; log /listening/ x2)");
    CHECK(wait_ports(all) == Ports{9090});
}

TEST_CASE("a strategy that needs a port the service lacks is a spec error at the service", "[session][readiness]") {
    Service s = service("busybox");
    s.dtx.wait = strategy("postgres");
    CHECK_THROWS_WITH(plan_wait(s, Kind::postgres, std::nullopt, {}, std::nullopt),
                      Catch::StartsWith("/src/compose.yaml:7:3: services.svc.x-dtx.wait: postgres needs a port"));
    s.dtx.wait = strategy("tcp");
    CHECK_THROWS_AS(plan_wait(s, Kind::generic, std::nullopt, {}, std::nullopt), dtx::SpecError);
}

TEST_CASE("wait: healthcheck without a healthcheck dtx can run is a spec error", "[session][readiness]") {
    Service s = service("my/api");
    s.dtx.wait = strategy("healthcheck");
    CHECK_THROWS_WITH(plan_wait(s, Kind::generic, 8080, published({8080}), healthcheck({"NONE"})),
                      Catch::Contains("has no healthcheck test dtx can run"));
}

TEST_CASE("a native strategy named in x-dtx.wait takes that kind's credentials", "[session][readiness]") {
    Service s = service("my/redis-fork");
    s.command = std::vector<std::string>{"redis-server", "--requirepass", "pw"};
    s.dtx.wait = strategy("redis");
    auto plan = plan_wait(s, Kind::generic, 6379, published({6379}), std::nullopt);
    CHECK(plan.credentials.password == "pw");
    CHECK(strategy_kind("redis") == Kind::redis);
    CHECK(strategy_kind("http") == Kind::generic);
}

TEST_CASE("the probe built from a plan carries the strategy's name", "[session][readiness]") {
    dtx::fakes::FakeEngine engine;
    dtx::fakes::FakeClock clock;
    ServiceEndpoint endpoint;
    endpoint.service = "svc";
    endpoint.host = "127.0.0.1";
    endpoint.tcp_ports = {{8080, 49153}, {9090, 49154}};
    auto name = [&](const WaitPlan& plan) {
        return dtx::start::make_wait_probe(plan, engine, clock, endpoint, "c1")->name();
    };

    auto plan = [](std::string strategy, Ports ports = {}) {
        WaitPlan p;
        p.strategy = std::move(strategy);
        p.ports = std::move(ports);
        return p;
    };
    CHECK(name(plan("tcp", {8080, 9090})) == "tcp");
    CHECK(name(plan("healthcheck")) == "healthcheck");
    WaitPlan all = plan("all");
    all.all = {plan("http", {8080}), plan("log")};
    CHECK(name(all) == "all(http, log)");
    WaitPlan unpublished = plan("postgres", {5432});
    CHECK_THROWS_WITH(name(unpublished), Catch::Contains("container port 5432/tcp has no published host port"));
}
