// Decoding of a service's keys, through load_project on small files in a temp directory.
#include "load/loader.hpp"
#include "util/error.hpp"

#include "fakes/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <optional>

using namespace dtx::compose;
using namespace dtx::load;
using dtx::fakes::TempDir;
using Words = std::vector<std::string>;
using Env = std::map<std::string, std::optional<std::string>>;

namespace {

LoadResult load(const std::string& yaml, EnvLookup lookup = {}) {
    TempDir dir;
    std::string file = dir.write("compose.yaml", yaml);
    return load_project(LoadOptions{{file}, "", dir.path(), std::move(lookup), {}, {}});
}

const Service& service(const LoadResult& r, const std::string& name) {
    const Service* s = r.project.find(name);
    REQUIRE(s != nullptr);
    return *s;
}

}  // namespace

TEST_CASE("a service's image is read", "[spec]") {
    auto r = load("services:\n  db:\n    image: postgres:16\n");
    CHECK(service(r, "db").image == "postgres:16");
    CHECK(r.warnings.empty());
}

TEST_CASE("services are sorted by name", "[spec]") {
    auto r = load("services:\n  web:\n    image: nginx\n  cache:\n    image: redis\n  db:\n    image: postgres\n");
    REQUIRE(r.project.services.size() == 3);
    CHECK(r.project.services[0].name == "cache");
    CHECK(r.project.services[1].name == "db");
    CHECK(r.project.services[2].name == "web");
}

TEST_CASE("environment as a mapping keeps every value as text", "[spec]") {
    auto r = load(
        "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_USER: app\n"
        "      PORT: 5432\n      DEBUG: true\n");
    CHECK(service(r, "db").environment == Env{{"POSTGRES_USER", "app"}, {"PORT", "5432"}, {"DEBUG", "true"}});
}

TEST_CASE("environment as a list splits KEY=VALUE at the first equals sign", "[spec]") {
    auto r = load("services:\n  db:\n    image: postgres\n    environment:\n      - A=1\n      - B=x=y\n      - C=\n");
    CHECK(service(r, "db").environment == Env{{"A", "1"}, {"B", "x=y"}, {"C", ""}});
}

TEST_CASE("a value-less environment entry is taken from the lookup, else kept without a value", "[spec]") {
    EnvLookup lookup = [](const std::string& key) -> std::optional<std::string> {
        if (key == "FROM_HOST") {
            return "host-value";
        }
        return std::nullopt;
    };
    auto r =
        load("services:\n  db:\n    image: postgres\n    environment:\n      FROM_HOST:\n      MISSING:\n", lookup);
    CHECK(service(r, "db").environment == Env{{"FROM_HOST", "host-value"}, {"MISSING", std::nullopt}});

    auto l =
        load("services:\n  db:\n    image: postgres\n    environment:\n      - FROM_HOST\n      - MISSING\n", lookup);
    CHECK(service(l, "db").environment == Env{{"FROM_HOST", "host-value"}, {"MISSING", std::nullopt}});
}

TEST_CASE("a value-less environment entry has no value without a lookup function", "[spec]") {
    auto r = load("services:\n  db:\n    image: postgres\n    environment:\n      - FROM_HOST\n      - A=1\n");
    CHECK(service(r, "db").environment == Env{{"A", "1"}, {"FROM_HOST", std::nullopt}});
}

TEST_CASE("a command string is split into words like a shell would", "[spec]") {
    auto r =
        load("services:\n  db:\n    image: postgres\n    command: postgres -c 'log_statement=all' -c \"fsync=off\"\n");
    REQUIRE(service(r, "db").command.has_value());
    CHECK(*service(r, "db").command == Words{"postgres", "-c", "log_statement=all", "-c", "fsync=off"});
}

TEST_CASE("a command list is taken word for word", "[spec]") {
    auto r =
        load("services:\n  cache:\n    image: redis\n    command: [\"redis-server\", \"--requirepass\", \"a b\"]\n");
    REQUIRE(service(r, "cache").command.has_value());
    CHECK(*service(r, "cache").command == Words{"redis-server", "--requirepass", "a b"});
}

TEST_CASE("without a command the image's own command is kept", "[spec]") {
    auto r = load("services:\n  db:\n    image: postgres\n");
    CHECK_FALSE(service(r, "db").command.has_value());
}

TEST_CASE("short-syntax ports are parsed with their location", "[spec]") {
    auto r = load("services:\n  db:\n    image: postgres\n    ports:\n      - \"127.0.0.1:5433:5432\"\n      - 6000\n");
    const auto& ports = service(r, "db").ports;
    REQUIRE(ports.size() == 2);
    CHECK(ports[0].host_ip == "127.0.0.1");
    CHECK(ports[0].host_port == 5433);
    CHECK(ports[0].target == 5432);
    CHECK(ports[0].location.line == 5);
    CHECK(ports[0].location.column == 9);
    CHECK(ports[1].target == 6000);
    CHECK(ports[1].host_port == 0);
}

TEST_CASE("long-syntax ports read target, published, host_ip and protocol", "[spec]") {
    auto r = load(
        "services:\n  dns:\n    image: coredns\n    ports:\n      - target: 53\n        published: \"1053\"\n"
        "        host_ip: 127.0.0.2\n        protocol: udp\n        mode: host\n");
    const auto& ports = service(r, "dns").ports;
    REQUIRE(ports.size() == 1);
    CHECK(ports[0].target == 53);
    CHECK(ports[0].host_port == 1053);
    CHECK(ports[0].host_ip == "127.0.0.2");
    CHECK(ports[0].protocol == "udp");
}

TEST_CASE("a long-syntax port without target is an error", "[spec]") {
    CHECK_THROWS_WITH(load("services:\n  db:\n    image: postgres\n    ports:\n      - published: 5433\n"),
                      Catch::Contains("services.db.ports[0]: a long-syntax port needs \"target\""));
}

TEST_CASE("expose lists container ports only", "[spec]") {
    auto r = load("services:\n  web:\n    image: nginx\n    expose:\n      - \"8080\"\n      - 9000-9001\n");
    const auto& expose = service(r, "web").expose;
    REQUIRE(expose.size() == 3);
    CHECK(expose[0].target == 8080);
    CHECK(expose[1].target == 9000);
    CHECK(expose[2].target == 9001);
    CHECK(service(r, "web").ports.empty());
}

TEST_CASE("expose with a host port is an error", "[spec]") {
    CHECK_THROWS_WITH(load("services:\n  web:\n    image: nginx\n    expose:\n      - \"8080:80\"\n"),
                      Catch::Contains("services.web.expose[0]: expose takes container ports only"));
}

TEST_CASE("a bad port names the file, line, column and spec path", "[spec]") {
    TempDir dir;
    std::string file =
        dir.write("compose.yaml", "services:\n  db:\n    image: postgres\n    ports:\n      - \"70000\"\n");
    CHECK_THROWS_WITH(load_project(LoadOptions{{file}, "", dir.path(), {}, {}, {}}),
                      file + ":5:9: services.db.ports[0]: \"70000\" is not a port number (1-65535)");
}

TEST_CASE("depends_on as a list means service_started", "[spec]") {
    auto r = load("services:\n  app:\n    image: nginx\n    depends_on:\n      - db\n  db:\n    image: postgres\n");
    const auto& deps = service(r, "app").depends_on;
    REQUIRE(deps.size() == 1);
    CHECK(deps[0].service == "db");
    CHECK(deps[0].condition == Condition::started);
    CHECK(deps[0].location.line == 5);
}

TEST_CASE("depends_on as a mapping reads each condition", "[spec]") {
    auto r = load(
        "services:\n  app:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_healthy\n"
        "      migrate:\n        condition: service_completed_successfully\n      cache:\n"
        "  cache:\n    image: redis\n  db:\n    image: postgres\n  migrate:\n    image: flyway\n");
    const auto& deps = service(r, "app").depends_on;
    REQUIRE(deps.size() == 3);
    CHECK(deps[0].service == "db");
    CHECK(deps[0].condition == Condition::healthy);
    CHECK(deps[1].service == "migrate");
    CHECK(deps[1].condition == Condition::completed_successfully);
    CHECK(deps[2].service == "cache");
    CHECK(deps[2].condition == Condition::started);
}

TEST_CASE("an unknown depends_on condition is an error listing the valid ones", "[spec]") {
    CHECK_THROWS_WITH(
        load("services:\n  app:\n    image: nginx\n    depends_on:\n      db:\n        condition: healthy\n"
             "  db:\n    image: postgres\n"),
        Catch::Contains("services.app.depends_on.db.condition: unknown condition \"healthy\"") &&
            Catch::Contains("service_healthy"));
}

TEST_CASE("depends_on restart and required are warned about, not errors", "[spec]") {
    auto r = load(
        "services:\n  app:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_started\n"
        "        restart: true\n  db:\n    image: postgres\n");
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0],
               Catch::Contains(":7:9: services.app.depends_on.db.restart: dtx does not act on this key"));
}

TEST_CASE("an unknown x-dtx field is an error with the closest field", "[spec]") {
    CHECK_THROWS_WITH(
        load("services:\n  db:\n    image: postgres\n    x-dtx:\n      wiat: tcp\n"),
        Catch::Contains(":5:7: services.db.x-dtx.wiat: unknown x-dtx field \"wiat\"; did you mean \"wait\"?"));
}

TEST_CASE("x-dtx wait, wait-timeout and kind are read into the service", "[spec]") {
    auto r = load(
        "services:\n  db:\n    image: custom\n    x-dtx:\n      wait: {tcp: {port: 5432}}\n"
        "      wait-timeout: 2m\n      kind: postgres\n");
    const Service& db = service(r, "db");
    REQUIRE(db.dtx.wait.has_value());
    CHECK(db.dtx.wait->kind == "tcp");
    CHECK(db.dtx.wait->port == 5432);
    CHECK(db.dtx.wait_timeout == std::chrono::minutes(2));
    CHECK(db.dtx.kind == "postgres");
}

TEST_CASE("x-dtx.kind generic and its synonym none are accepted", "[spec]") {
    for (const char* word : {"generic", "none"}) {
        auto r =
            load(std::string("services:\n  migrate:\n    image: postgres:16\n    x-dtx:\n      kind: ") + word + "\n");
        CHECK(service(r, "migrate").dtx.kind == word);
    }
}

TEST_CASE("an unknown x-dtx.kind lists every kind, generic and none included", "[spec]") {
    CHECK_THROWS_WITH(load("services:\n  db:\n    image: postgres\n    x-dtx:\n      kind: zzzzzz\n"),
                      Catch::Contains(":5:13: services.db.x-dtx.kind: unknown kind \"zzzzzz\"; use postgres, mysql, "
                                      "redis, memcached, s3, dynamodb, http, generic, none"));
}

TEST_CASE("other extension keys on a service are accepted silently", "[spec]") {
    auto r = load("services:\n  db:\n    image: postgres\n    x-notes: anything\n");
    CHECK(r.warnings.empty());
}

TEST_CASE("x-dtx.allow-failure is read as a boolean, and anything else is an error at its place", "[spec]") {
    auto r = load("services:\n  runner:\n    image: app\n    x-dtx:\n      allow-failure: true\n");
    CHECK(service(r, "runner").dtx.allow_failure);
    CHECK_FALSE(service(load("services:\n  runner:\n    image: app\n"), "runner").dtx.allow_failure);
    CHECK_THROWS_WITH(
        load("services:\n  runner:\n    image: app\n    x-dtx:\n      allow-failure: maybe\n"),
        Catch::Contains("compose.yaml:5:22: services.runner.x-dtx.allow-failure: expected true or false"));
}
