#include "engine/json_mapping.hpp"
#include "engine/json_containers.hpp"
#include "engine/json_images.hpp"
#include "engine/json_resources.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dtx::engine;
using Json = nlohmann::json;
namespace mapping = dtx::engine::json;

namespace {

ContainerConfig sample_spec() {
    ContainerConfig spec;
    spec.name = "dtx-abc-db";
    spec.image = "postgres:16";
    spec.env = {"POSTGRES_PASSWORD=secret", "A=1"};
    spec.cmd = std::vector<std::string>{"postgres", "-c", "fsync=off"};
    spec.labels = {{"dev.dtx.run", "abc"}, {"dev.dtx.service", "db"}};
    spec.ports = {PortConfig{5432, "tcp", "127.0.0.1", 0}, PortConfig{53, "udp", "127.0.0.1", 1053}};
    spec.network = "dtx-abc";
    spec.aliases = {"db"};
    return spec;
}

}  // namespace

TEST_CASE("the create body carries image, env, command and labels", "[engine]") {
    auto body = Json::parse(mapping::container_create_body(sample_spec()));
    CHECK(body["Image"] == "postgres:16");
    CHECK(body["Env"] == Json({"POSTGRES_PASSWORD=secret", "A=1"}));
    CHECK(body["Cmd"] == Json({"postgres", "-c", "fsync=off"}));
    CHECK(body["Labels"] == Json({{"dev.dtx.run", "abc"}, {"dev.dtx.service", "db"}}));
}

TEST_CASE("the create body leaves Cmd out when the image's command is kept", "[engine]") {
    auto spec = sample_spec();
    spec.cmd.reset();
    auto body = Json::parse(mapping::container_create_body(spec));
    CHECK_FALSE(body.contains("Cmd"));
}

TEST_CASE("the create body exposes and publishes every port, ephemeral as an empty HostPort", "[engine]") {
    auto body = Json::parse(mapping::container_create_body(sample_spec()));
    CHECK(body["ExposedPorts"] == Json({{"5432/tcp", Json::object()}, {"53/udp", Json::object()}}));
    const auto& bindings = body["HostConfig"]["PortBindings"];
    CHECK(bindings["5432/tcp"] == Json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}}));
    CHECK(bindings["53/udp"] == Json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", "1053"}}}));
}

TEST_CASE("the create body attaches the network with the service's aliases", "[engine]") {
    auto body = Json::parse(mapping::container_create_body(sample_spec()));
    CHECK(body["HostConfig"]["NetworkMode"] == "dtx-abc");
    CHECK(body["NetworkingConfig"]["EndpointsConfig"]["dtx-abc"]["Aliases"] == Json({"db"}));
}

TEST_CASE("the create body of a container without ports and network has empty port maps", "[engine]") {
    ContainerConfig spec;
    spec.image = "busybox";
    auto body = Json::parse(mapping::container_create_body(spec));
    CHECK(body["ExposedPorts"] == Json::object());
    CHECK(body["HostConfig"]["PortBindings"] == Json::object());
    CHECK_FALSE(body.contains("NetworkingConfig"));
    CHECK_FALSE(body["HostConfig"].contains("NetworkMode"));
}

TEST_CASE("the network create body asks for a labelled bridge network", "[engine]") {
    auto body = Json::parse(mapping::network_create_body(NetworkConfig{"dtx-abc", {{"dev.dtx.run", "abc"}}}));
    CHECK(body["Name"] == "dtx-abc");
    CHECK(body["Driver"] == "bridge");
    CHECK(body["Labels"] == Json({{"dev.dtx.run", "abc"}}));
}

TEST_CASE("label filters are a JSON object with a label list", "[engine]") {
    CHECK(Json::parse(mapping::label_filters({"dev.dtx.run=abc", "dev.dtx.project"})) ==
          Json({{"label", {"dev.dtx.run=abc", "dev.dtx.project"}}}));
}

TEST_CASE("a container inspect answer gives state, exit code, OOM and published ports", "[engine]") {
    auto state = mapping::parse_container(R"({
        "Id": "0123abcd",
        "Name": "/dtx-abc-db",
        "State": {"Status": "exited", "Running": false, "ExitCode": 137, "OOMKilled": true, "Error": "boom"},
        "NetworkSettings": {"Ports": {
            "5432/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49153"}],
            "53/udp": [{"HostIp": "127.0.0.1", "HostPort": "49154"}],
            "8080/tcp": null
        }}
    })");
    REQUIRE(state.ok());
    CHECK(state->id == "0123abcd");
    CHECK(state->name == "dtx-abc-db");
    CHECK(state->status == "exited");
    CHECK_FALSE(state->running);
    CHECK(state->exit_code == 137);
    CHECK(state->oom_killed);
    CHECK(state->error == "boom");
    REQUIRE(state->ports.size() == 2);
    const PublishedPort* tcp = nullptr;
    for (const auto& p : state->ports) {
        if (p.protocol == "tcp") {
            tcp = &p;
        }
    }
    REQUIRE(tcp != nullptr);
    CHECK(tcp->container_port == 5432);
    CHECK(tcp->host_ip == "127.0.0.1");
    CHECK(tcp->host_port == 49153);
}

TEST_CASE("a running container without ports parses with defaults", "[engine]") {
    auto state = mapping::parse_container(R"({"Id":"x","Name":"/n","State":{"Status":"running","Running":true}})");
    REQUIRE(state.ok());
    CHECK(state->running);
    CHECK(state->exit_code == 0);
    CHECK_FALSE(state->oom_killed);
    CHECK(state->ports.empty());
}

TEST_CASE("an answer that is not JSON is an invalid answer", "[engine]") {
    auto state = mapping::parse_container("<html>");
    REQUIRE_FALSE(state.ok());
    CHECK(state.error().code == dtx::util::Errc::invalid);
    CHECK_THAT(state.error().message, Catch::StartsWith("cannot read the engine's container answer"));
}

TEST_CASE("an image inspect answer lists the exposed ports", "[engine]") {
    auto image = mapping::parse_image(R"({"Id":"sha256:1","Config":{"ExposedPorts":{"5432/tcp":{},"9187/tcp":{}}}})");
    REQUIRE(image.ok());
    CHECK(image->id == "sha256:1");
    CHECK(image->exposed_ports == std::vector<std::string>{"5432/tcp", "9187/tcp"});
}

TEST_CASE("an image without exposed ports has none", "[engine]") {
    auto image = mapping::parse_image(R"({"Id":"sha256:2","Config":{"ExposedPorts":null}})");
    REQUIRE(image.ok());
    CHECK(image->exposed_ports.empty());
    CHECK(image->healthcheck.empty());
}

TEST_CASE("an image inspect answer gives the HEALTHCHECK test", "[engine]") {
    auto image = mapping::parse_image(
        R"({"Id":"sha256:3","Config":{"Healthcheck":{"Test":["CMD-SHELL","curl -f localhost"],"Interval":1000}}})");
    REQUIRE(image.ok());
    CHECK(image->healthcheck == std::vector<std::string>{"CMD-SHELL", "curl -f localhost"});
}

TEST_CASE("a version answer gives the engine and API versions", "[engine]") {
    auto v = mapping::parse_version(
        R"({"Version":"24.0.7","ApiVersion":"1.43","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"})");
    REQUIRE(v.ok());
    CHECK(v->version == "24.0.7");
    CHECK(v->api_version == "1.43");
    CHECK(v->min_api_version == "1.12");
    CHECK(v->os == "linux");
    CHECK(v->arch == "amd64");
}

TEST_CASE("container list names lose their leading slash", "[engine]") {
    auto list = mapping::parse_container_list(
        R"([{"Id":"a1","Names":["/dtx-abc-db"],"State":"running","Labels":{"dev.dtx.run":"abc"}},{"Id":"b2","Names":[],"State":"exited"}])");
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    CHECK(list->at(0).id == "a1");
    CHECK(list->at(0).name == "dtx-abc-db");
    CHECK(list->at(0).state == "running");
    CHECK(list->at(0).labels == Labels{{"dev.dtx.run", "abc"}});
    CHECK(list->at(1).name.empty());
}

TEST_CASE("a network list gives ids, names and labels", "[engine]") {
    auto list = mapping::parse_network_list(R"([{"Id":"n1","Name":"dtx-abc","Labels":{"dev.dtx.run":"abc"}}])");
    REQUIRE(list.ok());
    REQUIRE(list->size() == 1);
    CHECK(list->at(0).name == "dtx-abc");
    CHECK(list->at(0).labels.at("dev.dtx.run") == "abc");
}

TEST_CASE("a create answer gives its Id, and one without Id is invalid", "[engine]") {
    auto id = mapping::parse_id(R"({"Id":"c0ffee","Warnings":[]})");
    REQUIRE(id.ok());
    CHECK(id.value() == "c0ffee");
    CHECK_FALSE(mapping::parse_id(R"({"Warnings":[]})").ok());
}

TEST_CASE("an error body gives the engine's message", "[engine]") {
    CHECK(mapping::error_message(R"({"message":"No such container: x"})") == "No such container: x");
}

TEST_CASE("an error body that is not JSON is used as it is, without trailing newlines", "[engine]") {
    CHECK(mapping::error_message("page not found\r\n") == "page not found");
    CHECK(mapping::error_message("").empty());
    CHECK(mapping::error_message(R"({"other":"x"})") == R"({"other":"x"})");
}

TEST_CASE("a progress line's error is found, from error or errorDetail", "[engine]") {
    CHECK(mapping::parse_progress(R"({"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"})")
              ->error == "manifest unknown");
    CHECK(mapping::parse_progress(R"({"errorDetail":{"message":"detail only"}})")->error == "detail only");
}

TEST_CASE("a progress line without an error has none", "[engine]") {
    CHECK(mapping::parse_progress(R"({"status":"Pulling"})")->error.empty());
    CHECK_FALSE(mapping::parse_progress("").ok());
}
