// The http probe against a scripted loopback server this test starts itself (no Docker, no outside
// network).
#include "probe/http_probe.hpp"

#include "fakes/http_server.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <chrono>

using namespace dtx::probe;
using dtx::fakes::FakeHttpServer;

namespace {

// Short enough to keep the tests fast, long enough for a loaded loopback exchange.
constexpr std::chrono::milliseconds k_test_timeout{1'000};
// The bound for the test that waits out the whole timeout.
constexpr std::chrono::milliseconds k_silent_timeout{100};

HttpCheck check_with(HttpCheck check = {}) {
    check.timeout = k_test_timeout;
    return check;
}

std::unique_ptr<Probe> probe_of(const FakeHttpServer& server, HttpCheck check = check_with()) {
    return http_probe(Address{"127.0.0.1", server.port()}, std::move(check));
}

// A port that refuses connections: bound by the kernel, then closed.
std::uint16_t closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("the http probe is ready when the server answers 200", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(200, "ok")});
    auto probe = probe_of(server);
    CHECK(probe->name() == "http");
    auto result = probe->check();
    CHECK(result.state == Readiness::ready);
    CHECK(result.reason.empty());
}

TEST_CASE("the http probe is not ready on 503, then ready once the server answers 200", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(503, "starting"), FakeHttpServer::respond(200)});
    auto probe = probe_of(server);
    auto first = probe->check();
    CHECK(first.state == Readiness::not_yet);
    CHECK(first.reason == "status 503, want 200");
    CHECK(probe->check().state == Readiness::ready);
    CHECK(server.connections() == 2);
}

TEST_CASE("the http probe is not ready when the status is not the wanted one", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(200)});
    HttpCheck check;
    check.status = 204;
    auto result = probe_of(server, check_with(check))->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "status 200, want 204");
}

TEST_CASE("the http probe does not follow a redirect", "[probe]") {
    FakeHttpServer server({FakeHttpServer::Reply{FakeHttpServer::Reply::Kind::respond,
                                                 "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: "
                                                 "0\r\nConnection: close\r\n\r\n"}});
    auto result = probe_of(server)->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "status 302, want 200");
    CHECK(server.connections() == 1);
}

TEST_CASE("the http probe with status 0 accepts any 2xx and nothing else", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(204), FakeHttpServer::respond(404)});
    HttpCheck check;
    check.status = 0;
    auto probe = probe_of(server, check_with(check));
    CHECK(probe->check().state == Readiness::ready);
    auto second = probe->check();
    CHECK(second.state == Readiness::not_yet);
    CHECK(second.reason == "status 404, want 2xx");
}

TEST_CASE("the http probe is ready when the body matches the regex", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(200, R"({"status": "UP"})")});
    HttpCheck check;
    check.body_regex = R"("status":\s*"UP")";
    CHECK(probe_of(server, check_with(check))->check().state == Readiness::ready);
}

TEST_CASE("the http probe is not ready when the body does not match the regex", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(200, R"({"status": "STARTING"})")});
    HttpCheck check;
    check.body_regex = "UP";
    auto result = probe_of(server, check_with(check))->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "body does not match /UP/");
}

TEST_CASE("the http probe matches the regex in the first 4 KiB of a 10 MiB body without reading it all", "[probe]") {
    std::string body = "ready" + std::string(std::size_t{10} * 1024 * 1024, 'x');
    FakeHttpServer server({FakeHttpServer::respond(200, body), FakeHttpServer::respond(200, body)});
    HttpCheck found;
    found.body_regex = "^ready";
    CHECK(probe_of(server, check_with(found))->check().state == Readiness::ready);

    HttpCheck beyond_cap;
    beyond_cap.body_regex = "x{10}y";  // never there: the whole capped prefix is searched, then given up
    auto result = probe_of(server, check_with(beyond_cap))->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "body does not match /x{10}y/");
}

TEST_CASE("the http probe is not ready when the listener closes the connection at once (docker-proxy)", "[probe]") {
    FakeHttpServer server({FakeHttpServer::close_at_once()});
    auto result = probe_of(server)->check();
    CHECK(result.state == Readiness::not_yet);
    // A close before curl's request arrived is an empty reply; after it, a reset. Both mean "not yet".
    CHECK_THAT(result.reason, Catch::Equals("empty reply") || Catch::Equals("connection reset"));
}

TEST_CASE("the http probe is not ready when nothing listens on the port", "[probe]") {
    auto result = http_probe(Address{"127.0.0.1", closed_port()}, check_with())->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "connection refused");
}

TEST_CASE("the http probe gives up on a silent server within its attempt timeout", "[probe]") {
    FakeHttpServer server({FakeHttpServer::never_answer()});
    HttpCheck check;
    check.timeout = k_silent_timeout;
    auto start = std::chrono::steady_clock::now();
    auto result = probe_of(server, check)->check();
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(result.state == Readiness::not_yet);
    CHECK(result.reason == "no answer within 100ms");
    CHECK(took < k_attempt_timeout / 2);  // the injected bound was used, not the 2 s default
}

TEST_CASE("the http probe sends its method, path and Host header", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(200)});
    HttpCheck check;
    check.method = "POST";
    check.path = "/health/ready?full=1";
    check.host_header = "api.test";
    REQUIRE(probe_of(server, check_with(check))->check().state == Readiness::ready);
    auto requests = server.requests();
    REQUIRE(requests.size() == 1);
    CHECK_THAT(requests[0], Catch::StartsWith("POST /health/ready?full=1 HTTP/1.1\r\n"));
    CHECK_THAT(requests[0], Catch::Contains("\r\nHost: api.test\r\n"));
}

TEST_CASE("the http probe sends GET / with host:port as Host by default", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(200)});
    REQUIRE(probe_of(server)->check().state == Readiness::ready);
    auto requests = server.requests();
    REQUIRE(requests.size() == 1);
    CHECK_THAT(requests[0], Catch::StartsWith("GET / HTTP/1.1\r\n"));
    CHECK_THAT(requests[0], Catch::Contains("\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"));
}

TEST_CASE("validate_http_check explains what makes a check unusable", "[probe]") {
    CHECK(validate_http_check(HttpCheck{}).ok());
    HttpCheck bad_regex;
    bad_regex.body_regex = "(ready";
    auto result = validate_http_check(bad_regex);
    REQUIRE_FALSE(result.ok());
    CHECK_THAT(result.error().message, Catch::StartsWith("http: bad body regex /(ready/: "));

    HttpCheck bad_path;
    bad_path.path = "health";
    CHECK_FALSE(validate_http_check(bad_path).ok());
    HttpCheck bad_status;
    bad_status.status = 42;
    CHECK_FALSE(validate_http_check(bad_status).ok());
    HttpCheck bad_method;
    bad_method.method = "GET /x";
    CHECK_FALSE(validate_http_check(bad_method).ok());
    HttpCheck bad_host;
    bad_host.host_header = "a\r\nX-Evil: 1";
    CHECK_FALSE(validate_http_check(bad_host).ok());
}

TEST_CASE("the http probe with a bad regex fails at once with the validation message, without connecting", "[probe]") {
    FakeHttpServer server({FakeHttpServer::respond(200)});
    HttpCheck check;
    check.body_regex = "[unclosed";
    auto result = probe_of(server, check_with(check))->check();
    CHECK(result.state == Readiness::failed);
    CHECK_THAT(result.reason, Catch::StartsWith("http: bad body regex /[unclosed/"));
    CHECK(server.connections() == 0);
}
