#include "probe/socket.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace dtx::probe {

namespace {

util::Failure failure(const std::string& what, int err) {
    return util::fail(err == ETIMEDOUT ? util::Errc::timeout : util::Errc::unavailable,
                      fmt::format("{}: {}", what, std::strerror(err)));
}

// Waits for `events` on fd; returns false on timeout.
bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
    pollfd p{fd, events, 0};
    int r;
    do {
        r = poll(&p, 1, static_cast<int>(timeout.count()));
    } while (r < 0 && errno == EINTR);
    return r > 0;
}

}  // namespace

Socket& Socket::operator=(Socket&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) {
            close(m_fd);
        }
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

Socket::~Socket() {
    if (m_fd >= 0) {
        close(m_fd);
    }
}

util::Result<Socket> connect_tcp(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
        return util::fail(util::Errc::unavailable, fmt::format("cannot resolve {}: {}", host, gai_strerror(rc)));
    }
    int last_error = ECONNREFUSED;
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        Socket s(socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
        if (s.fd() < 0) {
            last_error = errno;
            continue;
        }
        if (connect(s.fd(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            last_error = errno;
            continue;
        }
        if (!wait_for(s.fd(), POLLOUT, timeout)) {
            last_error = ETIMEDOUT;
            continue;
        }
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            last_error = err;
            continue;
        }
        freeaddrinfo(found);
        return s;
    }
    freeaddrinfo(found);
    return failure(fmt::format("connect to {}:{}", host, port), last_error);
}

PeerState peer_state(const Socket& socket, std::chrono::milliseconds wait) {
    if (!wait_for(socket.fd(), POLLIN | POLLRDHUP, wait)) {
        return PeerState::open;
    }
    char byte = 0;
    ssize_t n = recv(socket.fd(), &byte, 1, MSG_PEEK);
    return n > 0 ? PeerState::data : PeerState::closed;
}

util::Result<std::string> exchange(const Socket& socket, const std::string& request, const std::string& terminator,
                                   std::chrono::milliseconds timeout) {
    if (send(socket.fd(), request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
        return failure("send", errno);
    }
    std::string reply;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (reply.find(terminator) == std::string::npos) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !wait_for(socket.fd(), POLLIN, left)) {
            return util::fail(util::Errc::timeout, "no answer in time");
        }
        char buffer[512];
        ssize_t n = recv(socket.fd(), buffer, sizeof buffer, 0);
        if (n <= 0) {
            return util::fail(util::Errc::unavailable, "the connection closed");
        }
        reply.append(buffer, static_cast<size_t>(n));
    }
    return reply;
}

}  // namespace dtx::probe
