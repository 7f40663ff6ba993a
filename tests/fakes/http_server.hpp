#pragma once
// A tiny HTTP server on 127.0.0.1 (a port the kernel chose) for probe tests: each connection gets the
// next scripted reply, the last one repeating; every request's head (request line and headers) is
// recorded. One thread, one connection at a time, no outside network.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace dtx::fakes {

class FakeHttpServer {
public:
    struct Reply {
        enum class Kind {
            respond,        // read the request, send `bytes`, close
            close_at_once,  // accept and close without reading (docker-proxy with nothing inside)
            never_answer,   // read the request, then hold the connection open, silent, until the server stops
        };
        Kind kind = Kind::respond;
        std::string bytes;
    };

    // A whole HTTP/1.1 answer with a Content-Length and "Connection: close".
    static Reply respond(int status, const std::string& body = "") {
        std::string head = "HTTP/1.1 " + std::to_string(status) +
                           " Scripted\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\nConnection: close\r\n\r\n";
        return Reply{Reply::Kind::respond, head + body};
    }
    static Reply close_at_once() { return Reply{Reply::Kind::close_at_once, ""}; }
    static Reply never_answer() { return Reply{Reply::Kind::never_answer, ""}; }

    explicit FakeHttpServer(std::vector<Reply> script) : m_script(std::move(script)) {
        if (m_script.empty()) {
            throw std::invalid_argument("FakeHttpServer needs at least one reply");
        }
        m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (m_listen_fd < 0 || ::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(m_listen_fd, 16) != 0 ||
            ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            close_fd(m_listen_fd);
            throw std::runtime_error("FakeHttpServer: cannot listen on 127.0.0.1");
        }
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { serve(); });
    }

    ~FakeHttpServer() {
        m_stopping = true;
        ::shutdown(m_listen_fd, SHUT_RDWR);  // wakes the thread blocked in accept()
        m_thread.join();
        close_fd(m_listen_fd);
        for (int fd : m_held) {
            close_fd(fd);
        }
    }
    FakeHttpServer(const FakeHttpServer&) = delete;
    FakeHttpServer& operator=(const FakeHttpServer&) = delete;

    std::uint16_t port() const { return m_port; }

    // The head of every request read so far, in order ("GET /health HTTP/1.1\r\nHost: …\r\n\r\n").
    std::vector<std::string> requests() const {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    // How many connections were accepted.
    int connections() const { return m_connections; }

private:
    // How long to wait for a client's request head before giving up on it.
    static constexpr std::chrono::milliseconds k_read_timeout{1'000};

    static void close_fd(int& fd) {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }

    void serve() {
        while (!m_stopping) {
            int client = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) {
                return;  // shut down
            }
            const Reply& reply = m_script[std::min<size_t>(static_cast<size_t>(m_connections), m_script.size() - 1)];
            ++m_connections;
            if (reply.kind != Reply::Kind::close_at_once) {
                record(read_head(client));
            }
            if (reply.kind == Reply::Kind::never_answer) {
                m_held.push_back(client);
                continue;
            }
            send_all(client, reply.bytes);
            close_fd(client);
        }
    }

    static std::string read_head(int fd) {
        std::string head;
        char buf[4096];
        while (head.find("\r\n\r\n") == std::string::npos) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(k_read_timeout.count())) <= 0) {
                break;
            }
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) {
                break;
            }
            head.append(buf, static_cast<size_t>(n));
        }
        return head;
    }

    // Stops quietly when the client hangs up early (as a probe does once it has read enough).
    static void send_all(int fd, const std::string& bytes) {
        size_t sent = 0;
        while (sent < bytes.size()) {
            ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) {
                return;
            }
            sent += static_cast<size_t>(n);
        }
    }

    void record(std::string head) {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(std::move(head));
    }

    std::vector<Reply> m_script;
    int m_listen_fd = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_connections{0};
    std::vector<int> m_held;  // never_answer connections, closed when the server stops
    mutable std::mutex m_mutex;
    std::vector<std::string> m_requests;
    std::thread m_thread;
};

}  // namespace dtx::fakes
