#pragma once
// The variables a test command needs to reach the services: DTX_<SVC>_*, URLs, and the variables
// each kind's clients read natively (PGHOST…, DATABASE_URL, REDIS_URL, …).

#include "probe/kind.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dtx::session {

struct ServiceEndpoint {
    std::string service;
    probe::Kind kind = probe::Kind::generic;
    std::string host;                                  // where the test command connects, e.g. 127.0.0.1
    std::map<std::uint16_t, std::uint16_t> tcp_ports;  // container port -> published host port
    std::optional<std::uint16_t> main_port;            // container port of DTX_<SVC>_PORT
    probe::Credentials credentials;
};

using EnvList = std::vector<std::pair<std::string, std::string>>;

// "my-db" -> "MY_DB": upper case, every other character than A-Z and 0-9 as '_'.
std::string env_key(const std::string& service);

// postgres://user:pass@host:port/db?sslmode=disable, mysql://…, redis://…/0, memcached://…;
// "" for a generic service or one without a main port.
std::string service_url(const ServiceEndpoint& endpoint);

// All variables for these services, in a stable order: per service (by the given order) then the
// per-kind ones where the kind appears exactly once, then DTX_RUN_ID and DTX_NETWORK.
EnvList connection_env(const std::string& run_id, const std::string& network,
                       const std::vector<ServiceEndpoint>& endpoints);

// `base` ("K=V" entries, e.g. the caller's environment) with `extra` set, replacing same-named entries.
std::vector<std::string> merge_env(const std::vector<std::string>& base, const EnvList& extra);

}  // namespace dtx::session
