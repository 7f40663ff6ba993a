#pragma once
// Where the engine listens: DOCKER_HOST, else the default socket.

#include "util/result.hpp"

#include <optional>
#include <string>

namespace dtx::engine {

struct Endpoint {
    enum class Kind { unix_socket, tcp };
    Kind kind = Kind::unix_socket;
    std::string address;  // the socket path, or "host:port"

    std::string to_string() const;  // "unix:///var/run/docker.sock", "tcp://10.0.0.1:2375"
};

inline constexpr const char* k_default_socket = "/var/run/docker.sock";

// Parses a DOCKER_HOST value; nullopt or "" gives the default socket. Fails on an unknown scheme,
// an empty address, or TLS settings dtx cannot honour yet.
util::Result<Endpoint> parse_docker_host(const std::optional<std::string>& docker_host, bool tls_verify);

}  // namespace dtx::engine
