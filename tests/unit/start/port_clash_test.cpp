#include "start/port_clash.hpp"

#include "fakes/fake_engine.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>

using namespace dtx::start;
using dtx::engine::PortConfig;
using dtx::engine::PublishedPort;

namespace {

PortConfig port(std::uint16_t container, std::uint16_t host) {
    PortConfig p;
    p.container_port = container;
    p.host_port = host;
    return p;
}

const std::string k_allocated =
    "driver failed programming external connectivity on endpoint dtx-r-cache "
    "(4f1c0a5e0b7d3c2a1f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a): Bind for 127.0.0.1:6380 failed: port is "
    "already allocated";

}  // namespace

TEST_CASE("a port clash names the fixed host port it is about, not a port that merely starts with it",
          "[session][start][ports]") {
    CHECK(is_port_clash(k_allocated));
    CHECK(is_port_clash("Error starting userland proxy: listen tcp4 127.0.0.1:6380: bind: address already in use"));
    CHECK_FALSE(is_port_clash("OCI runtime create failed"));

    auto fixed = fixed_port_in_clash({port(5432, 0), port(6379, 6380)}, k_allocated);
    REQUIRE(fixed);
    CHECK(fixed->host_port == 6380);
    CHECK(fixed_port_in_clash({port(6379, 638)}, k_allocated) == std::nullopt);
    // An ephemeral port (host_port 0) is never "fixed": starting again picks another.
    CHECK(fixed_port_in_clash({port(6379, 0)}, k_allocated) == std::nullopt);
}

TEST_CASE("the container holding a host port is named with the dtx run or compose project it belongs to",
          "[session][start][ports]") {
    dtx::engine::ContainerState other;
    other.id = "abc";
    other.name = "dtx-shop-1a2b3c-cache";
    other.running = true;
    other.labels = {{"dev.dtx.run", "shop-1a2b3c"}};
    other.ports.push_back(PublishedPort{6379, "tcp", "127.0.0.1", 6380});
    CHECK(container_publishing(other, port(6379, 6380)) ==
          std::string("container dtx-shop-1a2b3c-cache (dtx run shop-1a2b3c)"));
    CHECK(container_publishing(other, port(6379, 6381)) == std::nullopt);

    dtx::engine::ContainerState compose;
    compose.id = "0123456789abcdef";
    compose.running = true;
    compose.labels = {{"com.docker.compose.project", "shop"}};
    compose.ports.push_back(PublishedPort{80, "tcp", "0.0.0.0", 8080});
    CHECK(container_publishing(compose, port(80, 8080)) ==
          std::string("container 0123456789ab (compose project shop)"));

    other.running = false;
    CHECK(container_publishing(other, port(6379, 6380)) == std::nullopt);
}

TEST_CASE("a taken fixed host port is one sentence naming the service, the port and the process listening on it",
          "[session][start][ports]") {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(fd, 1) == 0);
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    auto taken = port(6379, ntohs(addr.sin_port));
    taken.host_ip = "127.0.0.1";
    dtx::fakes::FakeEngine engine;  // no container publishes it
    std::string message = fixed_port_clash_message(engine, "cache", taken);
    close(fd);
    CHECK_THAT(message, Catch::StartsWith("cache: host port 127.0.0.1:" + std::to_string(taken.host_port) +
                                          " is already in use by process " + std::to_string(getpid()) + " ("));
    CHECK_THAT(message, Catch::EndsWith("; free it or publish another host port in the service's ports"));
}

TEST_CASE("the detail of a lost ephemeral port leaves out the engine's endpoint and 64-hex id",
          "[session][start][ports]") {
    CHECK(port_clash_detail(k_allocated) == "Bind for 127.0.0.1:6380 failed: port is already allocated");
    CHECK(port_clash_detail("something else") == "something else");
}
