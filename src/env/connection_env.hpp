#pragma once
// The variables a test command needs to reach the services: DTX_<SVC>_*, URLs, and the variables
// each kind's clients read natively (PGHOST…, DATABASE_URL, REDIS_URL, AWS_ENDPOINT_URL_S3…).

#include "kind/kind.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dtx::env {

struct ServiceEndpoint {
    std::string service;
    kind::Kind kind = kind::Kind::generic;
    std::string host;                                  // where the test command connects, e.g. 127.0.0.1
    std::map<std::uint16_t, std::uint16_t> tcp_ports;  // container port -> published host port
    std::optional<std::uint16_t> main_port;            // container port of DTX_<SVC>_PORT
    kind::Credentials credentials;
    std::string container_id;  // the service's container, once started
};

using EnvList = std::vector<std::pair<std::string, std::string>>;

// The variables, and a sentence for each group of client variables left out, saying why and what
// to use instead: "PGHOST, … not set: 2 postgres services (audit, db); use DTX_AUDIT_URL / DTX_DB_URL".
struct ConnectionEnv {
    EnvList vars;
    std::vector<std::string> notes;
};

// "my-db" -> "MY_DB": upper case, every other character than A-Z and 0-9 as '_'.
std::string env_key(const std::string& service);

// The host port published for the service's main port; nullopt when it has none.
std::optional<std::uint16_t> main_host_port(const ServiceEndpoint& endpoint);

// "127.0.0.1:49153", "[::1]:49153": host and port as URLs and host:port lists write them.
std::string host_and_port(const std::string& host, std::uint16_t port);

// postgres://user:pass@host:port/db?sslmode=disable, mysql://…, redis://…/0, memcached://…,
// http://… for s3, dynamodb and http; user, password and database percent-encoded (RFC 3986: all
// but A-Z a-z 0-9 - . _ ~). "" for a generic service or one without a published main port.
std::string service_url(const ServiceEndpoint& endpoint);

// All variables for these services, in a stable order: per service (in the given order), then the
// client variables of each kind that appears exactly once (notes for those that do not), then
// DTX_RUN_ID and DTX_NETWORK. Services without a published main port get no variables.
ConnectionEnv explain_connection_env(const std::string& run_id, const std::string& network,
                                     const std::vector<ServiceEndpoint>& endpoints);

// explain_connection_env(…).vars
EnvList connection_env(const std::string& run_id, const std::string& network,
                       const std::vector<ServiceEndpoint>& endpoints);

// Sets `key` to `value`: a same-named entry is removed and the pair appended, so later layers
// (x-dtx.export) override earlier ones and every key appears once.
void set_var(EnvList& env, const std::string& key, const std::string& value);

// `base` ("K=V" entries, e.g. the caller's environment) with `extra` set, replacing same-named entries.
std::vector<std::string> merge_env(const std::vector<std::string>& base, const EnvList& extra);

}  // namespace dtx::env
