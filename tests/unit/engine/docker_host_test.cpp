#include "engine/docker_host.hpp"

#include <catch2/catch.hpp>

using dtx::engine::Endpoint;
using dtx::engine::parse_docker_host;

namespace {

Endpoint parse(const std::optional<std::string>& value, bool tls_verify = false) {
    auto e = parse_docker_host(value, tls_verify);
    INFO(value.value_or("(unset)"));
    REQUIRE(e.ok());
    return e.value();
}

std::string error_of(const std::string& value, bool tls_verify = false) {
    auto e = parse_docker_host(value, tls_verify);
    INFO(value);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == dtx::util::Errc::invalid);
    return e.error().message;
}

}  // namespace

TEST_CASE("an unset DOCKER_HOST means the default socket", "[engine]") {
    auto e = parse(std::nullopt);
    CHECK(e.kind == Endpoint::Kind::unix_socket);
    CHECK(e.address == "/var/run/docker.sock");
    CHECK(e.to_string() == "unix:///var/run/docker.sock");
}

TEST_CASE("an empty DOCKER_HOST means the default socket", "[engine]") {
    CHECK(parse(std::string()).address == "/var/run/docker.sock");
}

TEST_CASE("a unix:// DOCKER_HOST names the socket path", "[engine]") {
    auto e = parse(std::string("unix:///run/user/1000/docker.sock"));
    CHECK(e.kind == Endpoint::Kind::unix_socket);
    CHECK(e.address == "/run/user/1000/docker.sock");
    CHECK(e.to_string() == "unix:///run/user/1000/docker.sock");
}

TEST_CASE("a tcp:// DOCKER_HOST keeps its port", "[engine]") {
    auto e = parse(std::string("tcp://10.0.0.1:2376"));
    CHECK(e.kind == Endpoint::Kind::tcp);
    CHECK(e.address == "10.0.0.1:2376");
    CHECK(e.to_string() == "tcp://10.0.0.1:2376");
}

TEST_CASE("a tcp:// DOCKER_HOST without a port gets 2375", "[engine]") {
    CHECK(parse(std::string("tcp://docker.internal")).address == "docker.internal:2375");
    CHECK(parse(std::string("tcp://docker.internal/")).address == "docker.internal:2375");
}

TEST_CASE("a tcp:// DOCKER_HOST with a bracketed IPv6 address and no port gets 2375", "[engine]") {
    CHECK(parse(std::string("tcp://[::1]")).address == "[::1]:2375");
}

TEST_CASE("a DOCKER_HOST scheme without an address is rejected", "[engine]") {
    CHECK(error_of("unix://") == "DOCKER_HOST=\"unix://\": no socket path after unix://");
    CHECK(error_of("tcp://") == "DOCKER_HOST=\"tcp://\": no host after tcp://");
}

TEST_CASE("an unsupported DOCKER_HOST scheme is rejected with the supported ones", "[engine]") {
    CHECK_THAT(error_of("ssh://me@host"), Catch::Contains("unsupported scheme") && Catch::Contains("tcp://HOST:PORT"));
    CHECK_THAT(error_of("/var/run/docker.sock"), Catch::Contains("unsupported scheme"));
}

TEST_CASE("TLS verification over tcp is refused, naming DOCKER_TLS_VERIFY", "[engine]") {
    CHECK_THAT(error_of("tcp://10.0.0.1:2376", true), Catch::Contains("DOCKER_TLS_VERIFY is set"));
}

TEST_CASE("TLS verification does not matter for a unix socket", "[engine]") {
    CHECK(parse(std::string("unix:///var/run/docker.sock"), true).kind == Endpoint::Kind::unix_socket);
}
