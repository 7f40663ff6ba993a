// Networks, volumes and the engine's own endpoints (ping, version) over a fake transport.
#include "engine/json_resources.hpp"
#include "fakes/transport_engine.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dtx::engine;
using dtx::fakes::TransportEngine;
using dtx::util::Errc;
using Json = nlohmann::json;

TEST_CASE("ping asks the unversioned /_ping", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /_ping", 200, "OK");
    CHECK(rig.engine().ping().ok());
    CHECK(rig.transport().request_lines().back() == "GET /_ping");
}

TEST_CASE("a failing ping names the endpoint and keeps the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /_ping", 500, R"({"message":"daemon is shutting down"})");
    auto status = rig.engine().ping();
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::server);
    CHECK_THAT(status.error().message, Catch::Contains("fake://engine") && Catch::Contains("daemon is shutting down"));
}

TEST_CASE("version is read under the negotiated prefix", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/version", 200, R"({"Version":"24.0.5","ApiVersion":"1.43","Os":"linux"})");
    auto info = rig.engine().version();
    REQUIRE(info.ok());
    CHECK(info->version == "24.0.5");
    CHECK(info->os == "linux");
}

TEST_CASE("a network create body asks for a labelled bridge and no subnet by default", "[engine]") {
    auto body = Json::parse(json::network_create_body({"dtx-r1", {{"dev.dtx.run", "r1"}}, "", "", false}));
    CHECK(body["Name"] == "dtx-r1");
    CHECK(body["Driver"] == "bridge");
    CHECK(body["Labels"]["dev.dtx.run"] == "r1");
    CHECK(body["Internal"] == false);
    CHECK_FALSE(body.contains("IPAM"));
}

TEST_CASE("a network with a subnet and gateway carries an IPAM config, and internal is passed", "[engine]") {
    auto body = Json::parse(json::network_create_body({"n", {}, "10.201.3.0/28", "10.201.3.1", true}));
    CHECK(body["Internal"] == true);
    CHECK(body["IPAM"]["Driver"] == "default");
    REQUIRE(body["IPAM"]["Config"].size() == 1);
    CHECK(body["IPAM"]["Config"][0]["Subnet"] == "10.201.3.0/28");
    CHECK(body["IPAM"]["Config"][0]["Gateway"] == "10.201.3.1");
}

TEST_CASE("inspecting a network gives driver, labels, subnets and attached containers", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/networks/dtx-r1", 200, R"({
        "Name":"dtx-r1","Id":"n1","Driver":"bridge","Labels":{"dev.dtx.run":"r1"},
        "IPAM":{"Driver":"default","Config":[{"Subnet":"172.30.0.0/16","Gateway":"172.30.0.1"}]},
        "Containers":{"c1":{"Name":"db"},"c2":{"Name":"cache"}}})");
    auto info = rig.engine().inspect_network("dtx-r1");
    REQUIRE(info.ok());
    CHECK(info->id == "n1");
    CHECK(info->driver == "bridge");
    CHECK(info->labels.at("dev.dtx.run") == "r1");
    CHECK(info->subnets == std::vector<std::string>{"172.30.0.0/16"});
    CHECK(info->containers == std::vector<std::string>{"c1", "c2"});
}

TEST_CASE("a network without IPAM config or containers parses with empty lists", "[engine]") {
    auto info =
        json::parse_network(R"({"Name":"none","Id":"n0","Driver":"null","IPAM":{"Config":null},"Containers":null})");
    REQUIRE(info.ok());
    CHECK(info->subnets.empty());
    CHECK(info->containers.empty());
}

TEST_CASE("inspecting a missing network is not_found with the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/networks/gone", 404, R"({"message":"network gone not found"})");
    auto info = rig.engine().inspect_network("gone");
    REQUIRE_FALSE(info.ok());
    CHECK(info.error().code == Errc::not_found);
    CHECK_THAT(info.error().message, Catch::Contains("network gone not found"));
}

TEST_CASE("a network whose pools are exhausted is a bad request with the engine's words", "[engine]") {
    TransportEngine rig;
    rig.transport().on(
        "POST /v1.41/networks/create", 400,
        R"({"message":"could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network"})");
    auto id = rig.engine().create_network({"n", {}, "", "", false});
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().code == Errc::bad_request);
    CHECK_THAT(id.error().message, Catch::Contains("creating network n") && Catch::Contains("address pool"));
}

TEST_CASE("removing a network encodes its name", "[engine]") {
    TransportEngine rig;
    rig.transport().on("DELETE /v1.41/networks/a%20b", 204);
    CHECK(rig.engine().remove_network("a b").ok());
}

TEST_CASE("creating a volume posts name, local driver and labels, and returns the name", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/volumes/create", 201, R"({"Name":"dtx-r1-data","Driver":"local"})");
    auto name = rig.engine().create_volume({"dtx-r1-data", {{"dev.dtx.run", "r1"}}});
    REQUIRE(name.ok());
    CHECK(*name == "dtx-r1-data");
    auto body = Json::parse(rig.transport().requests().back().body);
    CHECK(body["Name"] == "dtx-r1-data");
    CHECK(body["Driver"] == "local");
    CHECK(body["Labels"]["dev.dtx.run"] == "r1");
}

TEST_CASE("a volume without a name lets the engine name it", "[engine]") {
    auto body = Json::parse(json::volume_create_body({"", {}}));
    CHECK_FALSE(body.contains("Name"));
    CHECK(json::parse_volume_name(R"({"Name":"4f1c"})").value() == "4f1c");
    CHECK(json::parse_volume_name(R"({"Driver":"local"})").error().code == Errc::invalid);
}

TEST_CASE("listing volumes filters by label and reads names, mountpoints and labels", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/volumes", 200, R"({"Volumes":[
        {"Name":"v1","Driver":"local","Mountpoint":"/var/lib/docker/volumes/v1/_data","Labels":{"dev.dtx.run":"r1"}},
        {"Name":"v2","Driver":"local","Mountpoint":"/m2","Labels":null}],"Warnings":null})");
    auto volumes = rig.engine().list_volumes({"dev.dtx.run=r1"});
    REQUIRE(volumes.ok());
    REQUIRE(volumes->size() == 2);
    CHECK((*volumes)[0].name == "v1");
    CHECK((*volumes)[0].mountpoint == "/var/lib/docker/volumes/v1/_data");
    CHECK((*volumes)[0].labels.at("dev.dtx.run") == "r1");
    CHECK((*volumes)[1].labels.empty());
    CHECK(rig.transport().request_lines().back() ==
          "GET /v1.41/volumes?filters=%7B%22label%22%3A%5B%22dev.dtx.run%3Dr1%22%5D%7D");
}

TEST_CASE("an engine with no volumes answers null, which is an empty list", "[engine]") {
    auto volumes = json::parse_volume_list(R"({"Volumes":null,"Warnings":null})");
    REQUIRE(volumes.ok());
    CHECK(volumes->empty());
}

TEST_CASE("removing a volume forces only when asked, and a volume in use is a conflict", "[engine]") {
    TransportEngine rig;
    rig.transport().on("DELETE /v1.41/volumes/v1", 204);
    rig.transport().on("DELETE /v1.41/volumes/busy", 409, R"({"message":"remove busy: volume is in use - [c1]"})");
    CHECK(rig.engine().remove_volume("v1", false).ok());
    CHECK(rig.engine().remove_volume("v1", true).ok());
    auto lines = rig.transport().request_lines();
    CHECK(lines[lines.size() - 2] == "DELETE /v1.41/volumes/v1");
    CHECK(lines.back() == "DELETE /v1.41/volumes/v1?force=1");
    auto busy = rig.engine().remove_volume("busy", false);
    REQUIRE_FALSE(busy.ok());
    CHECK(busy.error().code == Errc::conflict);
    CHECK_THAT(busy.error().message, Catch::Contains("volume is in use"));
}

// The wire side of what the run network, teardown and prune ask (their own tests use FakeEngine).

TEST_CASE("a network create the engine refuses keeps its status and message after the network's name", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/networks/create", 409,
                       R"({"message":"network with name dtx-shop-1a2b3c already exists"})");
    auto taken = rig.engine().create_network({"dtx-shop-1a2b3c", {}, "", "", false});
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.error().code == Errc::conflict);
    CHECK(taken.error().message ==
          "creating network dtx-shop-1a2b3c: network with name dtx-shop-1a2b3c already exists");
    rig.transport().on("POST /v1.41/networks/create", 403,
                       R"({"message":"Pool overlaps with other one on this address space"})");
    auto overlap = rig.engine().create_network({"dtx-shop-1a2b3c", {}, "10.213.0.16/28", "", false});
    REQUIRE_FALSE(overlap.ok());
    CHECK(overlap.error().code == Errc::server);
    CHECK(overlap.error().message ==
          "creating network dtx-shop-1a2b3c: Pool overlaps with other one on this address space");
    auto body = Json::parse(rig.transport().requests().back().body);
    CHECK(body["IPAM"]["Config"][0]["Subnet"] == "10.213.0.16/28");
}

TEST_CASE("a created network answers its id", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/networks/create", 201, R"({"Id":"n1","Warning":""})");
    CHECK(rig.engine().create_network({"dtx-r1", {}, "", "", false}).value() == "n1");
}

TEST_CASE("listing networks filters by every label and reads ids, names and labels", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/networks", 200,
                       R"([{"Id":"n1","Name":"dtx-shop","Labels":{"dev.dtx.run":"shop"}},)"
                       R"({"Id":"n2","Name":"bridge","Labels":{}}])");
    auto networks = rig.engine().list_networks({"dev.dtx.run", "dev.dtx.project=shop"});
    REQUIRE(networks.ok());
    REQUIRE(networks->size() == 2);
    CHECK((*networks)[0].id == "n1");
    CHECK((*networks)[0].name == "dtx-shop");
    CHECK((*networks)[0].labels.at("dev.dtx.run") == "shop");
    CHECK(rig.transport().request_lines().back() ==
          "GET /v1.41/networks?filters=%7B%22label%22%3A%5B%22dev.dtx.run%22%2C%22dev.dtx.project%3Dshop%22%5D%7D");
}

TEST_CASE("a network the engine will not remove keeps the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("DELETE /v1.41/networks/dtx-r1", 409, R"({"message":"network has active endpoints"})");
    auto status = rig.engine().remove_network("dtx-r1");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::conflict);
    CHECK(status.error().message == "removing network dtx-r1: network has active endpoints");
}
