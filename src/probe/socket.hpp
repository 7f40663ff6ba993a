#pragma once
// A TCP connection with a deadline, for the probes that speak raw sockets.

#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace dtx::probe {

class Socket {
public:
    Socket() = default;
    explicit Socket(int fd) : m_fd(fd) {}
    Socket(Socket&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket();

    int fd() const { return m_fd; }

private:
    int m_fd = -1;
};

enum class PeerState {
    open,    // no data and no close within the wait
    data,    // the peer sent something (a greeting)
    closed,  // the peer closed the connection, as docker-proxy does when nothing listens inside
};

// Connects to host:port (numeric IPv4/IPv6 or a name) within `timeout`.
util::Result<Socket> connect_tcp(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout);

// Waits up to `wait` to see whether the peer talks, stays silent, or hangs up.
PeerState peer_state(const Socket& socket, std::chrono::milliseconds wait);

// Sends `request` and reads until `terminator` is seen, the peer closes, or `timeout` passes.
util::Result<std::string> exchange(const Socket& socket, const std::string& request, const std::string& terminator,
                                   std::chrono::milliseconds timeout);

}  // namespace dtx::probe
