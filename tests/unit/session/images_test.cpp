#include "session/images.hpp"

#include "util/error.hpp"

#include "fakes/fake_env.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/temp_dir.hpp"
#include "fakes/transport_engine.hpp"

#include <catch2/catch.hpp>

using namespace dtx::session;
using dtx::fakes::RecordingReporter;
using dtx::fakes::TransportEngine;

namespace {

dtx::spec::Service svc(std::string name, std::string image) {
    dtx::spec::Service s;
    s.name = std::move(name);
    s.image = std::move(image);
    s.location = dtx::spec::Location{"compose.yaml", 3, 5};
    return s;
}

dtx::spec::Project project_of(std::vector<dtx::spec::Service> services) {
    dtx::spec::Project p;
    p.name = "shop";
    p.services = std::move(services);
    return p;
}

// No docker config at all: pulls go without credentials.
const dtx::util::EnvLookup no_env = dtx::fakes::env_of({});

}  // namespace

TEST_CASE("present images are inspected once each and their EXPOSE ports returned", "[session]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/postgres:16/json", 200,
                     R"({"Id":"sha256:1","Config":{"ExposedPorts":{"5432/tcp":{}}}})");
    RecordingReporter reporter;
    auto ports =
        ensure_images(e.engine(), project_of({svc("a", "postgres:16"), svc("b", "postgres:16")}), reporter, no_env);
    CHECK(ports == std::map<std::string, std::vector<std::string>>{{"postgres:16", {"5432/tcp"}}});
    CHECK(e.transport().request_lines().size() == 2);  // /version and one inspect
    CHECK(reporter.services().empty());
}

TEST_CASE("a missing image is pulled, reported, and inspected again", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/redis:7/json", 404, R"({"message":"No such image: redis:7"})");
    t.then("GET /v1.41/images/redis:7/json", 200, R"({"Id":"sha256:2","Config":{"ExposedPorts":{"6379/tcp":{}}}})");
    t.on("POST /v1.41/images/create", 200, "{\"status\":\"Downloaded newer image for redis:7\"}\n");
    RecordingReporter reporter;
    auto ports = ensure_images(e.engine(), project_of({svc("cache", "redis:7")}), reporter, no_env);
    CHECK(ports.at("redis:7") == std::vector<std::string>{"6379/tcp"});
    CHECK(reporter.services() == std::vector<std::string>{"cache pulling redis:7"});
    auto lines = t.request_lines();
    REQUIRE(lines.size() == 4);
    CHECK(lines[2] == "POST /v1.41/images/create?fromImage=redis&tag=7");
}

TEST_CASE("an image that cannot be pulled is an engine error naming the service and its location", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/nope:1/json", 404, R"({"message":"No such image: nope:1"})");
    t.on("POST /v1.41/images/create", 404, R"({"message":"pull access denied for nope"})");
    RecordingReporter reporter;
    CHECK_THROWS_AS(ensure_images(e.engine(), project_of({svc("app", "nope:1")}), reporter, no_env), dtx::EngineError);
    CHECK_THROWS_WITH(ensure_images(e.engine(), project_of({svc("app", "nope:1")}), reporter, no_env),
                      "compose.yaml:3:5: services.app.image: image \"nope:1\" is not present locally and pulling it "
                      "failed (pulling nope:1: pull access denied for nope); build or load the image first, or fix "
                      "its name");
}

TEST_CASE("an image that cannot be inspected for another reason is an engine error", "[session]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/postgres:16/json", 500, R"({"message":"layer store broken"})");
    RecordingReporter reporter;
    CHECK_THROWS_WITH(ensure_images(e.engine(), project_of({svc("db", "postgres:16")}), reporter, no_env),
                      "services.db.image: cannot inspect image \"postgres:16\": image postgres:16: layer store broken");
}

TEST_CASE("a pull carries the credentials docker login left in the docker config", "[session]") {
    dtx::fakes::TempDir config("docker-config");
    // base64("user:secret")
    config.write("config.json", R"({"auths":{"127.0.0.1:5000":{"auth":"dXNlcjpzZWNyZXQ="}}})");
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/127.0.0.1:5000/app:1/json", 404, R"({"message":"No such image"})");
    t.then("GET /v1.41/images/127.0.0.1:5000/app:1/json", 200, R"({"Id":"sha256:3"})");
    t.on("POST /v1.41/images/create", 200, "{\"status\":\"Downloaded\"}\n");
    RecordingReporter reporter;
    ensure_images(e.engine(), project_of({svc("app", "127.0.0.1:5000/app:1")}), reporter,
                  dtx::fakes::env_of({{"DOCKER_CONFIG", config.path()}}));
    auto requests = t.requests();
    REQUIRE(requests.size() == 4);
    REQUIRE(requests[2].headers.size() == 1);
    CHECK(requests[2].headers[0].rfind("X-Registry-Auth: ", 0) == 0);
}

TEST_CASE("a docker config that cannot be read stops the pull with the file named", "[session]") {
    dtx::fakes::TempDir config("docker-config");
    config.write("config.json", "{not json");
    TransportEngine e;
    e.transport().on("GET /v1.41/images/redis:7/json", 404, R"({"message":"No such image"})");
    RecordingReporter reporter;
    CHECK_THROWS_WITH(ensure_images(e.engine(), project_of({svc("cache", "redis:7")}), reporter,
                                    dtx::fakes::env_of({{"DOCKER_CONFIG", config.path()}})),
                      Catch::Contains("services.cache.image: cannot pull \"redis:7\"") &&
                          Catch::Contains(config.path() + "/config.json"));
}
