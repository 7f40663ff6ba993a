#include "engine/docker_host.hpp"

#include "fakes/fake_env.hpp"
#include "fakes/temp_dir.hpp"
#include "unit/engine/endpoint_checks.hpp"

#include <catch2/catch.hpp>
#include <map>

using dtx::engine::Endpoint;
using dtx::engine::EnvLookup;
using dtx::engine::parse_docker_host;
using dtx::engine::resolve_endpoint;
using dtx::engine::tls_from_env;
using dtx::fakes::TempDir;
using dtx::test::resolve;
using dtx::test::resolve_error;

using dtx::fakes::env_of;

namespace {

Endpoint parse(const std::optional<std::string>& value, bool tls = false) {
    auto e = parse_docker_host(value, tls);
    INFO(value.value_or("(unset)"));
    REQUIRE(e.ok());
    return e.value();
}

std::string error_of(const std::string& value, bool tls = false) {
    auto e = parse_docker_host(value, tls);
    INFO(value);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == dtx::util::Errc::invalid);
    return e.error().message;
}

// A certificate directory holding the named files (contents do not matter to the resolver).
void write_certs(const TempDir& dir, std::initializer_list<const char*> files) {
    for (const char* f : files) {
        dir.write(f, "-----BEGIN CERTIFICATE-----\n");
    }
}

}  // namespace

TEST_CASE("an unset DOCKER_HOST means the default socket", "[engine]") {
    auto e = parse(std::nullopt);
    CHECK(e.kind == Endpoint::Kind::unix_socket);
    CHECK(e.address == "/var/run/docker.sock");
    CHECK_FALSE(e.tls);
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

TEST_CASE("podman's Docker-compatible socket is an ordinary unix:// DOCKER_HOST", "[engine]") {
    CHECK(parse(std::string("unix:///run/user/1000/podman/podman.sock")).address ==
          "/run/user/1000/podman/podman.sock");
}

TEST_CASE("a tcp:// DOCKER_HOST keeps its port", "[engine]") {
    auto e = parse(std::string("tcp://10.0.0.1:2376"));
    CHECK(e.kind == Endpoint::Kind::tcp);
    CHECK(e.address == "10.0.0.1:2376");
    CHECK_FALSE(e.tls);
    CHECK(e.to_string() == "tcp://10.0.0.1:2376");
}

TEST_CASE("a tcp:// DOCKER_HOST without a port gets 2375", "[engine]") {
    CHECK(parse(std::string("tcp://docker.internal")).address == "docker.internal:2375");
    CHECK(parse(std::string("tcp://docker.internal/")).address == "docker.internal:2375");
    CHECK(parse(std::string("tcp://docker.internal:")).address == "docker.internal:2375");
}

TEST_CASE("a tcp:// DOCKER_HOST with a bracketed IPv6 address keeps or gets its port", "[engine]") {
    CHECK(parse(std::string("tcp://[::1]")).address == "[::1]:2375");
    CHECK(parse(std::string("tcp://[fe80::1]:2380")).address == "[fe80::1]:2380");
    CHECK(parse(std::string("tcp://[::1]"), true).address == "[::1]:2376");
}

TEST_CASE("a tcp:// DOCKER_HOST with an unbracketed IPv6 address asks for brackets", "[engine]") {
    CHECK_THAT(error_of("tcp://::1"), Catch::Contains("needs brackets"));
    CHECK_THAT(error_of("tcp://[::1"), Catch::Contains("closing ']'"));
    CHECK_THAT(error_of("tcp://[::1]2375"), Catch::Contains("':PORT'"));
}

TEST_CASE("a tcp:// DOCKER_HOST with a bad port or a path is rejected", "[engine]") {
    CHECK_THAT(error_of("tcp://host:http"), Catch::Contains("\"http\" is not a port"));
    CHECK_THAT(error_of("tcp://host:70000"), Catch::Contains("is not a port"));
    CHECK_THAT(error_of("tcp://host:0"), Catch::Contains("is not a port"));
    CHECK_THAT(error_of("tcp://host:2375/v1.41"), Catch::Contains("a path after the host"));
    CHECK_THAT(error_of("tcp://:2375"), Catch::Contains("no host"));
}

TEST_CASE("a tcp:// DOCKER_HOST with TLS wanted gets 2376 and speaks https", "[engine]") {
    auto e = parse(std::string("tcp://docker.internal"), true);
    CHECK(e.address == "docker.internal:2376");
    REQUIRE(e.tls);
    CHECK(e.tls->verify);
    CHECK(e.to_string() == "https://docker.internal:2376");
}

TEST_CASE("an https:// DOCKER_HOST wants TLS and gets 2376 by default", "[engine]") {
    auto e = parse(std::string("https://docker.internal"));
    CHECK(e.kind == Endpoint::Kind::tcp);
    CHECK(e.address == "docker.internal:2376");
    CHECK(e.tls);
    CHECK(parse(std::string("https://docker.internal:443")).address == "docker.internal:443");
}

TEST_CASE("a DOCKER_HOST scheme without an address is rejected", "[engine]") {
    CHECK(error_of("unix://") == "DOCKER_HOST=\"unix://\": no socket path after unix://");
    CHECK(error_of("tcp://") == "DOCKER_HOST=\"tcp://\": no host after tcp://");
    CHECK(error_of("https://") == "DOCKER_HOST=\"https://\": no host after https://");
}

TEST_CASE("an unsupported DOCKER_HOST scheme is rejected with the supported ones", "[engine]") {
    CHECK_THAT(error_of("ssh://me@host"), Catch::Contains("unsupported scheme") && Catch::Contains("tcp://HOST:PORT"));
    CHECK_THAT(error_of("http://host:2375"), Catch::Contains("unsupported scheme"));
    CHECK_THAT(error_of("/var/run/docker.sock"), Catch::Contains("unsupported scheme"));
}

TEST_CASE("TLS wanted does not matter for a unix socket", "[engine]") {
    auto e = parse(std::string("unix:///var/run/docker.sock"), true);
    CHECK(e.kind == Endpoint::Kind::unix_socket);
    CHECK_FALSE(e.tls);
}

TEST_CASE("without TLS variables a tcp DOCKER_HOST is plain HTTP", "[engine]") {
    auto e = resolve(env_of({{"DOCKER_HOST", "tcp://10.0.0.1"}, {"HOME", "/nonexistent"}}));
    CHECK(e.address == "10.0.0.1:2375");
    CHECK_FALSE(e.tls);
}

TEST_CASE("an empty DOCKER_TLS_VERIFY counts as unset, like the docker CLI", "[engine]") {
    CHECK_FALSE(resolve(env_of({{"DOCKER_HOST", "tcp://10.0.0.1"}, {"DOCKER_TLS_VERIFY", ""}})).tls);
}

TEST_CASE("DOCKER_TLS_VERIFY verifies against ca.pem and presents cert.pem and key.pem from DOCKER_CERT_PATH",
          "[engine]") {
    TempDir certs("certs");
    write_certs(certs, {"ca.pem", "cert.pem", "key.pem"});
    auto e = resolve(
        env_of({{"DOCKER_HOST", "tcp://10.0.0.1"}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", certs.path()}}));
    CHECK(e.address == "10.0.0.1:2376");
    CHECK(e.to_string() == "https://10.0.0.1:2376");
    REQUIRE(e.tls);
    CHECK(e.tls->verify);
    CHECK(e.tls->ca_file == certs.path() + "/ca.pem");
    CHECK(e.tls->cert_file == certs.path() + "/cert.pem");
    CHECK(e.tls->key_file == certs.path() + "/key.pem");
    CHECK_THAT(e.tls->origin, Catch::Contains(certs.path()) && Catch::Contains("DOCKER_CERT_PATH"));
}

TEST_CASE("DOCKER_TLS_VERIFY without DOCKER_CERT_PATH reads the certificates from $HOME/.docker", "[engine]") {
    TempDir home("home");
    std::filesystem::create_directories(home.path() + "/.docker");
    write_certs(home, {".docker/ca.pem", ".docker/cert.pem", ".docker/key.pem"});
    auto e =
        resolve(env_of({{"DOCKER_HOST", "tcp://10.0.0.1:2376"}, {"DOCKER_TLS_VERIFY", "1"}, {"HOME", home.path()}}));
    REQUIRE(e.tls);
    CHECK(e.tls->ca_file == home.path() + "/.docker/ca.pem");
}

TEST_CASE("DOCKER_TLS_VERIFY with a missing certificate file names the file and the variables", "[engine]") {
    TempDir certs("certs");
    write_certs(certs, {"ca.pem", "cert.pem"});
    auto message = resolve_error(
        env_of({{"DOCKER_HOST", "tcp://10.0.0.1"}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", certs.path()}}));
    CHECK_THAT(message, Catch::Contains(certs.path() + "/key.pem does not exist") &&
                            Catch::Contains("DOCKER_TLS_VERIFY") && Catch::Contains("DOCKER_CERT_PATH"));
}

TEST_CASE("DOCKER_TLS_VERIFY with neither DOCKER_CERT_PATH nor HOME is refused", "[engine]") {
    CHECK_THAT(resolve_error(env_of({{"DOCKER_HOST", "tcp://10.0.0.1"}, {"DOCKER_TLS_VERIFY", "1"}})),
               Catch::Contains("neither DOCKER_CERT_PATH nor HOME"));
}

TEST_CASE("DOCKER_TLS speaks TLS without verifying and presents the client certificate when it exists", "[engine]") {
    TempDir certs("certs");
    write_certs(certs, {"ca.pem", "cert.pem", "key.pem"});
    auto e =
        resolve(env_of({{"DOCKER_HOST", "tcp://10.0.0.1"}, {"DOCKER_TLS", "1"}, {"DOCKER_CERT_PATH", certs.path()}}));
    CHECK(e.address == "10.0.0.1:2376");
    REQUIRE(e.tls);
    CHECK_FALSE(e.tls->verify);
    CHECK(e.tls->ca_file.empty());
    CHECK(e.tls->cert_file == certs.path() + "/cert.pem");
}

TEST_CASE("DOCKER_TLS without certificate files speaks TLS with no client certificate", "[engine]") {
    TempDir certs("certs");
    auto e =
        resolve(env_of({{"DOCKER_HOST", "tcp://10.0.0.1"}, {"DOCKER_TLS", "1"}, {"DOCKER_CERT_PATH", certs.path()}}));
    REQUIRE(e.tls);
    CHECK_FALSE(e.tls->verify);
    CHECK(e.tls->cert_file.empty());
    CHECK(e.tls->key_file.empty());
}

TEST_CASE("DOCKER_TLS_VERIFY wins over DOCKER_TLS", "[engine]") {
    TempDir certs("certs");
    write_certs(certs, {"ca.pem", "cert.pem", "key.pem"});
    auto e = resolve(env_of({{"DOCKER_HOST", "tcp://10.0.0.1"},
                             {"DOCKER_TLS", "1"},
                             {"DOCKER_TLS_VERIFY", "1"},
                             {"DOCKER_CERT_PATH", certs.path()}}));
    REQUIRE(e.tls);
    CHECK(e.tls->verify);
}

TEST_CASE("an https:// DOCKER_HOST without TLS variables verifies with whichever files exist", "[engine]") {
    TempDir certs("certs");
    write_certs(certs, {"ca.pem"});
    auto e = resolve(env_of({{"DOCKER_HOST", "https://10.0.0.1"}, {"DOCKER_CERT_PATH", certs.path()}}));
    REQUIRE(e.tls);
    CHECK(e.tls->verify);
    CHECK(e.tls->ca_file == certs.path() + "/ca.pem");
    CHECK(e.tls->cert_file.empty());
}

TEST_CASE("TLS variables are ignored, and their files not checked, for a unix DOCKER_HOST", "[engine]") {
    auto e = resolve(env_of({{"DOCKER_HOST", "unix:///run/docker.sock"},
                             {"DOCKER_TLS_VERIFY", "1"},
                             {"DOCKER_CERT_PATH", "/nonexistent"}}));
    CHECK(e.kind == Endpoint::Kind::unix_socket);
    CHECK_FALSE(e.tls);
}

TEST_CASE("tls_from_env gives nothing when no TLS is asked for", "[engine]") {
    auto tls = tls_from_env(env_of({{"DOCKER_CERT_PATH", "/x"}}));
    REQUIRE(tls.ok());
    CHECK_FALSE(tls.value());
}

TEST_CASE("with nothing set the resolver gives the default socket", "[engine]") {
    auto e = resolve(env_of({}));
    CHECK(e.to_string() == "unix:///var/run/docker.sock");
}
