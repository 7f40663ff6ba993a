#include "compose/ports.hpp"

#include <catch2/catch.hpp>

using dtx::compose::parse_port;
using dtx::compose::parse_port_range;
using dtx::compose::PortMapping;

namespace {

std::vector<PortMapping> parse(std::string_view text) {
    auto ports = parse_port(text);
    INFO(text);
    REQUIRE(ports.ok());
    return ports.value();
}

PortMapping parse_one(std::string_view text) {
    auto ports = parse(text);
    REQUIRE(ports.size() == 1);
    return ports.front();
}

std::string error_of(std::string_view text) {
    auto ports = parse_port(text);
    INFO(text);
    REQUIRE_FALSE(ports.ok());
    return ports.error().message;
}

}  // namespace

TEST_CASE("a container port alone publishes on an ephemeral host port", "[spec]") {
    auto p = parse_one("5432");
    CHECK(p.target == 5432);
    CHECK(p.host_port == 0);
    CHECK(p.host_ip.empty());
    CHECK(p.protocol == "tcp");
}

TEST_CASE("HOST:CONTAINER sets the host port", "[spec]") {
    auto p = parse_one("5433:5432");
    CHECK(p.host_port == 5433);
    CHECK(p.target == 5432);
    CHECK(p.host_ip.empty());
}

TEST_CASE("IP:HOST:CONTAINER sets the host IP too", "[spec]") {
    auto p = parse_one("127.0.0.1:5433:5432");
    CHECK(p.host_ip == "127.0.0.1");
    CHECK(p.host_port == 5433);
    CHECK(p.target == 5432);
}

TEST_CASE("IP::CONTAINER binds the IP with an ephemeral host port", "[spec]") {
    auto p = parse_one("127.0.0.1::5432");
    CHECK(p.host_ip == "127.0.0.1");
    CHECK(p.host_port == 0);
    CHECK(p.target == 5432);
}

TEST_CASE("a bracketed IPv6 host IP loses its brackets", "[spec]") {
    auto p = parse_one("[::1]:8080:80");
    CHECK(p.host_ip == "::1");
    CHECK(p.host_port == 8080);
    CHECK(p.target == 80);
}

TEST_CASE("a protocol suffix sets the protocol", "[spec]") {
    CHECK(parse_one("53/udp").protocol == "udp");
    CHECK(parse_one("53/udp").target == 53);
    CHECK(parse_one("127.0.0.1:9000:9000/sctp").protocol == "sctp");
    CHECK(parse_one("80/tcp").protocol == "tcp");
}

TEST_CASE("equal host and container ranges pair up port by port", "[spec]") {
    auto ports = parse("8000-8002:9000-9002");
    REQUIRE(ports.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(ports[i].host_port == 8000 + i);
        CHECK(ports[i].target == 9000 + i);
    }
}

TEST_CASE("a container range alone gives one ephemeral mapping per port", "[spec]") {
    auto ports = parse("7000-7001");
    REQUIRE(ports.size() == 2);
    CHECK(ports[0].target == 7000);
    CHECK(ports[1].target == 7001);
    CHECK(ports[1].host_port == 0);
}

TEST_CASE("port 0 is not a port", "[spec]") {
    CHECK_THAT(error_of("0"), Catch::Contains("\"0\" is not a port number (1-65535)"));
}

TEST_CASE("a port above 65535 is not a port", "[spec]") {
    CHECK_THAT(error_of("70000"), Catch::Contains("\"70000\""));
}

TEST_CASE("a word is not a port", "[spec]") {
    CHECK_THAT(error_of("abc"), Catch::Contains("\"abc\" is not a port number"));
    CHECK_THAT(error_of("80x"), Catch::Contains("\"80x\""));
    CHECK_FALSE(parse_port("").ok());
}

TEST_CASE("an unknown protocol is named in the error", "[spec]") {
    CHECK(error_of("53/icmp") == "unknown protocol \"icmp\" (use tcp, udp or sctp)");
}

TEST_CASE("host and container ranges of different lengths are rejected", "[spec]") {
    CHECK(error_of("8000-8001:9000-9002") ==
          "host range \"8000-8001\" and container range \"9000-9002\" differ in length");
}

TEST_CASE("an empty bracketed host IP is rejected", "[spec]") {
    CHECK(error_of("[]:8080:80") == "empty host IP before the host port");
}

TEST_CASE("a host port range with one container port is accepted as Compose allows", "[spec]") {
    // Compose's own example "9090-9091:8080": the engine picks one host port of the range.
    auto ports = parse_port("9090-9091:8080");
    REQUIRE(ports.ok());
    REQUIRE(ports->size() == 1);
    CHECK(ports->front().target == 8080);
}

TEST_CASE("a port range lists every port from first to last", "[spec]") {
    auto range = parse_port_range("8000-8002");
    REQUIRE(range.ok());
    CHECK(range.value() == std::vector<std::uint16_t>{8000, 8001, 8002});
    auto single = parse_port_range("65535");
    REQUIRE(single.ok());
    CHECK(single.value() == std::vector<std::uint16_t>{65535});
}

TEST_CASE("a port range that ends before it starts is rejected", "[spec]") {
    auto range = parse_port_range("9002-9000");
    REQUIRE_FALSE(range.ok());
    CHECK(range.error().message == "port range \"9002-9000\" ends before it starts");
}

TEST_CASE("a port range with an empty end is rejected", "[spec]") {
    CHECK_FALSE(parse_port_range("8000-").ok());
    CHECK_FALSE(parse_port_range("-8000").ok());
}
