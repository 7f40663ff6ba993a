#include "engine/docker_engine.hpp"

#include "fakes/fake_transport.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dtx::engine;
using dtx::fakes::FakeTransport;
using dtx::util::Errc;

namespace {

// An engine over a fake transport whose /version reports `api`; negotiate() is left to the test.
struct Rig {
    FakeTransport* transport;
    DockerEngine engine;

    explicit Rig(const std::string& api = "1.41") : Rig(std::make_unique<FakeTransport>(), api) {}

private:
    Rig(std::unique_ptr<FakeTransport> t, const std::string& api) : transport(t.get()), engine(std::move(t)) {
        transport->on("GET /version", 200,
                      R"({"Version":"20.10.24","ApiVersion":")" + api + R"(","MinAPIVersion":"1.12"})");
    }
};

// An engine already negotiated at API 1.41.
struct Ready : Rig {
    Ready() {
        auto status = engine.negotiate();
        REQUIRE(status.ok());
        REQUIRE(engine.api_version() == "1.41");
    }
};

}  // namespace

TEST_CASE("API versions compare numerically, part by part", "[engine]") {
    CHECK(compare_api_versions("1.41", "1.45") < 0);
    CHECK(compare_api_versions("1.45", "1.41") > 0);
    CHECK(compare_api_versions("1.45", "1.45") == 0);
    CHECK(compare_api_versions("1.9", "1.10") < 0);
    CHECK(compare_api_versions("1.100", "1.45") > 0);
    CHECK(compare_api_versions("2.0", "1.45") > 0);
    CHECK(compare_api_versions("1.41.1", "1.41") > 0);
    CHECK(compare_api_versions("1.41.0", "1.41") == 0);
}

TEST_CASE("negotiation keeps an engine API older than dtx's newest", "[engine]") {
    Rig rig("1.41");
    REQUIRE(rig.engine.negotiate().ok());
    CHECK(rig.engine.api_version() == "1.41");
    CHECK(rig.transport->request_lines() == std::vector<std::string>{"GET /version"});
}

TEST_CASE("negotiation caps a newer engine API at 1.45", "[engine]") {
    Rig rig("1.47");
    REQUIRE(rig.engine.negotiate().ok());
    CHECK(rig.engine.api_version() == "1.45");
}

TEST_CASE("negotiation accepts exactly the oldest supported API", "[engine]") {
    Rig rig("1.40");
    REQUIRE(rig.engine.negotiate().ok());
    CHECK(rig.engine.api_version() == "1.40");
}

TEST_CASE("negotiation fails below API 1.40 with a message naming both versions", "[engine]") {
    Rig rig("1.39");
    auto status = rig.engine.negotiate();
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message ==
          "the engine at fake://engine speaks API 1.39 (engine 20.10.24); dtx needs API 1.40 or newer "
          "(Docker 19.03+); upgrade the engine");
}

TEST_CASE("negotiation passes on an unreachable engine's failure", "[engine]") {
    auto transport = std::make_unique<FakeTransport>();
    transport->fail_on("GET /version", Errc::unavailable, "connect: no such file or directory");
    DockerEngine engine(std::move(transport));
    auto status = engine.negotiate();
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::unavailable);
    CHECK(status.error().message == "connect: no such file or directory");
}

TEST_CASE("negotiation reports a non-200 /version with the engine's message", "[engine]") {
    auto transport = std::make_unique<FakeTransport>();
    transport->on("GET /version", 500, R"({"message":"daemon is shutting down"})");
    DockerEngine engine(std::move(transport));
    auto status = engine.negotiate();
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::server);
    CHECK_THAT(status.error().message, Catch::Contains("HTTP 500: daemon is shutting down"));
}

TEST_CASE("requests after negotiation use the negotiated version prefix", "[engine]") {
    Ready r;
    r.transport->on("POST /v1.41/containers/abc/start", 204);
    REQUIRE(r.engine.start_container("abc").ok());
    CHECK(r.transport->request_lines().back() == "POST /v1.41/containers/abc/start");
}

TEST_CASE("the endpoint is the transport's description", "[engine]") {
    Rig rig;
    CHECK(rig.engine.endpoint() == "fake://engine");
}

TEST_CASE("removing a container force-removes it with its volumes", "[engine]") {
    Ready r;
    r.transport->on("DELETE /v1.41/containers/abc?force=1&v=1", 204);
    REQUIRE(r.engine.remove_container("abc").ok());
    auto last = r.transport->requests().back();
    CHECK(last.method == "DELETE");
    CHECK(last.path == "/v1.41/containers/abc?force=1&v=1");
}

TEST_CASE("a 404 maps to not_found and keeps the engine's message", "[engine]") {
    Ready r;
    r.transport->on("GET /v1.41/containers/x/json", 404, R"({"message":"No such container: x"})");
    auto state = r.engine.inspect_container("x");
    REQUIRE_FALSE(state.ok());
    CHECK(state.error().code == Errc::not_found);
    CHECK(state.error().message == "container x: No such container: x");
}

TEST_CASE("409 and 400 and 500 map to conflict, bad_request and server", "[engine]") {
    Ready r;
    r.transport->on("POST /v1.41/containers/c/start", 409, R"({"message":"in use"})");
    r.transport->on("DELETE /v1.41/networks/n", 400, R"({"message":"bad"})");
    r.transport->on("DELETE /v1.41/containers/d", 500, "driver failed\n");
    CHECK(r.engine.start_container("c").error().code == Errc::conflict);
    CHECK(r.engine.remove_network("n").error().code == Errc::bad_request);
    auto removed = r.engine.remove_container("d");
    REQUIRE_FALSE(removed.ok());
    CHECK(removed.error().code == Errc::server);
    CHECK(removed.error().message == "removing container d: driver failed");
}

TEST_CASE("inspecting a container returns its parsed state", "[engine]") {
    Ready r;
    r.transport->on("GET /v1.41/containers/abc/json", 200,
                    R"({"Id":"abc","Name":"/dtx-r-db","State":{"Status":"running","Running":true}})");
    auto state = r.engine.inspect_container("abc");
    REQUIRE(state.ok());
    CHECK(state->name == "dtx-r-db");
    CHECK(state->running);
}

TEST_CASE("pulling sends the repository and the tag separately", "[engine]") {
    Ready r;
    r.transport->on("POST /v1.41/images/create", 200, "{\"status\":\"Downloaded\"}\n");
    REQUIRE(r.engine.pull_image("postgres:16").ok());
    REQUIRE(r.engine.pull_image("registry:5000/team/app").ok());
    auto lines = r.transport->request_lines();
    REQUIRE(lines.size() == 3);
    CHECK(lines[1] == "POST /v1.41/images/create?fromImage=postgres&tag=16");
    CHECK(lines[2] == "POST /v1.41/images/create?fromImage=registry%3A5000%2Fteam%2Fapp&tag=latest");
}

TEST_CASE("pulling a digest reference sends it whole without a tag", "[engine]") {
    Ready r;
    r.transport->on("POST /v1.41/images/create", 200, "");
    REQUIRE(r.engine.pull_image("redis@sha256:abc").ok());
    CHECK(r.transport->request_lines().back() == "POST /v1.41/images/create?fromImage=redis%40sha256%3Aabc");
}

TEST_CASE("a pull whose 200 stream reports an error is a failure", "[engine]") {
    Ready r;
    r.transport->on("POST /v1.41/images/create", 200,
                    "{\"status\":\"Pulling from library/nope\"}\n{\"error\":\"manifest for nope:latest not found\"}\n");
    auto status = r.engine.pull_image("nope");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message == "pulling nope: manifest for nope:latest not found");
}

TEST_CASE("listing containers encodes the label filters in the query", "[engine]") {
    Ready r;
    r.transport->on("GET /v1.41/containers/json", 200, R"([{"Id":"a","Names":["/dtx-r-db"],"State":"running"}])");
    auto list = r.engine.list_containers({"dev.dtx.run=r1", "dev.dtx.project"});
    REQUIRE(list.ok());
    CHECK(list->size() == 1);
    std::string path = r.transport->requests().back().path;
    const std::string prefix = "/v1.41/containers/json?all=1&filters=";
    REQUIRE(path.rfind(prefix, 0) == 0);
    std::string encoded = path.substr(prefix.size());
    CHECK(encoded.find_first_of("{}\":[]=,") == std::string::npos);
    CHECK(encoded == "%7B%22label%22%3A%5B%22dev.dtx.run%3Dr1%22%2C%22dev.dtx.project%22%5D%7D");
}

TEST_CASE("listing networks encodes the label filters in the query", "[engine]") {
    Ready r;
    r.transport->on("GET /v1.41/networks", 200, R"([{"Id":"n","Name":"dtx-r1","Labels":{}}])");
    auto list = r.engine.list_networks({"dev.dtx.run=r1"});
    REQUIRE(list.ok());
    CHECK(r.transport->requests().back().path ==
          "/v1.41/networks?filters=%7B%22label%22%3A%5B%22dev.dtx.run%3Dr1%22%5D%7D");
}

TEST_CASE("creating a container posts its body under its encoded name", "[engine]") {
    Ready r;
    r.transport->on("POST /v1.41/containers/create", 201, R"({"Id":"c0ffee","Warnings":[]})");
    ContainerConfig spec;
    spec.name = "dtx-r1-db";
    spec.image = "postgres:16";
    auto id = r.engine.create_container(spec);
    REQUIRE(id.ok());
    CHECK(id.value() == "c0ffee");
    auto request = r.transport->requests().back();
    CHECK(request.path == "/v1.41/containers/create?name=dtx-r1-db");
    CHECK(nlohmann::json::parse(request.body)["Image"] == "postgres:16");
}

TEST_CASE("creating a network returns its id", "[engine]") {
    Ready r;
    r.transport->on("POST /v1.41/networks/create", 201, R"({"Id":"net1","Warning":""})");
    auto id = r.engine.create_network(NetworkConfig{"dtx-r1", {}});
    REQUIRE(id.ok());
    CHECK(id.value() == "net1");
}

TEST_CASE("logs ask for the tail of stdout and stderr and are demultiplexed", "[engine]") {
    Ready r;
    std::string body = std::string("\x01\0\0\0\0\0\0\x03", 8) + "hi\n";
    r.transport->on("GET /v1.41/containers/abc/logs", 200, body);
    auto logs = r.engine.logs("abc", 30);
    REQUIRE(logs.ok());
    CHECK(logs.value() == "hi\n");
    CHECK(r.transport->requests().back().path == "/v1.41/containers/abc/logs?stdout=1&stderr=1&tail=30");
}

TEST_CASE("inspecting a missing image is not_found", "[engine]") {
    Ready r;
    r.transport->on("GET /v1.41/images/nope:1/json", 404, R"({"message":"No such image: nope:1"})");
    auto image = r.engine.inspect_image("nope:1");
    REQUIRE_FALSE(image.ok());
    CHECK(image.error().code == Errc::not_found);
    CHECK(image.error().message == "image nope:1: No such image: nope:1");
}
