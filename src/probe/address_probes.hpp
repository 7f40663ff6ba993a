#pragma once
// The readiness strategies that connect to an address, one per file.

#include "kind/kind.hpp"
#include "probe/probe.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace dtx::probe {

struct Address {
    std::string host;
    std::uint16_t port = 0;
};

// Each attempt's own bound on connecting and on one answer.
inline constexpr std::chrono::milliseconds k_attempt_timeout{2'000};

// Connects, then treats an immediate close as not ready (docker-proxy accepts on the host even when
// nothing listens in the container).
std::unique_ptr<Probe> tcp_probe(Address address);
// libpq connection with the service's credentials, then SELECT 1.
std::unique_ptr<Probe> postgres_probe(Address address, kind::Credentials credentials);
// MySQL/MariaDB connector connection, then SELECT 1.
std::unique_ptr<Probe> mysql_probe(Address address, kind::Credentials credentials);
// hiredis connection, AUTH when a password is set, PING answered with PONG.
std::unique_ptr<Probe> redis_probe(Address address, kind::Credentials credentials);
// The memcached text protocol's "version" answered with VERSION.
std::unique_ptr<Probe> memcached_probe(Address address);

}  // namespace dtx::probe
