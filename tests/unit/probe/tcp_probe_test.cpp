// The TCP probe against loopback listeners this test opens itself (no Docker, no outside network).
#include "probe/address_probes.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <atomic>
#include <thread>

using namespace dtx::probe;

namespace {

// A listening socket on 127.0.0.1 with a port the kernel chose.
class Listener {
public:
    Listener() {
        m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(m_fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(listen(m_fd, 16) == 0);
        socklen_t len = sizeof addr;
        REQUIRE(getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
        m_port = ntohs(addr.sin_port);
    }
    ~Listener() { close_now(); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    int fd() const { return m_fd; }
    std::uint16_t port() const { return m_port; }
    void close_now() {
        if (m_fd >= 0) {
            ::shutdown(m_fd, SHUT_RDWR);  // wakes a thread blocked in accept()
            ::close(m_fd);
            m_fd = -1;
        }
    }

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
};

}  // namespace

TEST_CASE("the tcp probe is ready when something listens and keeps the connection open", "[probe]") {
    Listener listener;  // never accepts: the kernel completes the handshake from the backlog
    auto probe = tcp_probe(Address{"127.0.0.1", listener.port()});
    CHECK(probe->name() == "tcp");
    auto result = probe->check();
    CHECK(result.state == Readiness::ready);
}

TEST_CASE("the tcp probe is not ready when the listener closes each connection at once", "[probe]") {
    Listener listener;
    std::atomic<bool> done{false};
    std::thread closer([&] {
        while (!done) {
            int client = accept(listener.fd(), nullptr, nullptr);
            if (client < 0) {
                return;
            }
            ::close(client);
        }
    });
    auto probe = tcp_probe(Address{"127.0.0.1", listener.port()});
    // The probe watches for the hang-up for 100ms; a heavily loaded machine may schedule the closing
    // thread later than that, so one of a few attempts has to see it.
    ProbeResult result = ProbeResult::ready();
    for (int attempt = 0; attempt < 5 && result.state != Readiness::not_yet; ++attempt) {
        result = probe->check();
    }
    done = true;
    listener.close_now();
    closer.join();
    CHECK(result.state == Readiness::not_yet);
    CHECK_THAT(result.reason, Catch::Contains("closed the connection at once"));
}

TEST_CASE("the tcp probe is not ready when nothing listens on the port", "[probe]") {
    std::uint16_t port = 0;
    {
        Listener listener;
        port = listener.port();
    }  // closed: the port now refuses connections
    auto result = tcp_probe(Address{"127.0.0.1", port})->check();
    CHECK(result.state == Readiness::not_yet);
    CHECK_THAT(result.reason, Catch::StartsWith("connect to 127.0.0.1:" + std::to_string(port)));
}
