#include "env/connection_env.hpp"

#include "env/client_env.hpp"
#include "util/percent.hpp"

#include <fmt/format.h>
#include <cctype>
#include <set>

namespace dtx::env {

namespace {

std::optional<std::uint16_t> host_port(const ServiceEndpoint& e, std::optional<std::uint16_t> container_port) {
    if (!container_port) {
        return std::nullopt;
    }
    auto it = e.tcp_ports.find(*container_port);
    return it == e.tcp_ports.end() ? std::nullopt : std::optional<std::uint16_t>(it->second);
}

// An IPv6 literal in a URL or host:port needs brackets.
std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::string user_info(const std::string& user, const std::string& password) {
    if (user.empty() && password.empty()) {
        return "";
    }
    return password.empty() ? util::percent_encode(user) + "@"
                            : util::percent_encode(user) + ":" + util::percent_encode(password) + "@";
}

}  // namespace

std::string env_key(const std::string& service) {
    std::string key;
    for (unsigned char c : service) {
        key.push_back(std::isalnum(c) != 0 ? static_cast<char>(std::toupper(c)) : '_');
    }
    return key;
}

std::optional<std::uint16_t> main_host_port(const ServiceEndpoint& endpoint) {
    return host_port(endpoint, endpoint.main_port);
}

std::string host_and_port(const std::string& host, std::uint16_t port) {
    return fmt::format("{}:{}", url_host(host), port);
}

std::string service_url(const ServiceEndpoint& e) {
    auto port = host_port(e, e.main_port);
    if (!port) {
        return "";
    }
    const auto& c = e.credentials;
    switch (e.kind) {
    case kind::Kind::postgres:
        return fmt::format("postgres://{}{}:{}/{}?sslmode=disable", user_info(c.user, c.password), url_host(e.host),
                           *port, util::percent_encode(c.database));
    case kind::Kind::mysql:
        return fmt::format("mysql://{}{}:{}/{}", user_info(c.user, c.password), url_host(e.host), *port,
                           util::percent_encode(c.database));
    case kind::Kind::redis:
        // Redis 6+ names the password-only user "default"; an empty user name breaks redis-cli.
        return fmt::format("redis://{}{}:{}/0", user_info(c.password.empty() ? "" : "default", c.password),
                           url_host(e.host), *port);
    case kind::Kind::memcached:
        return fmt::format("memcached://{}:{}", url_host(e.host), *port);
    case kind::Kind::s3:
    case kind::Kind::dynamodb:
    case kind::Kind::http:
        return fmt::format("http://{}:{}", url_host(e.host), *port);
    case kind::Kind::generic:
        break;
    }
    return "";
}

ConnectionEnv explain_connection_env(const std::string& run_id, const std::string& network,
                                     const std::vector<ServiceEndpoint>& endpoints) {
    ConnectionEnv out;
    EnvList& env = out.vars;
    for (const auto& e : endpoints) {
        auto main = host_port(e, e.main_port);
        if (!main) {
            continue;  // nothing published: reachable only from the run's network
        }
        std::string prefix = "DTX_" + env_key(e.service) + "_";
        env.emplace_back(prefix + "HOST", e.host);
        env.emplace_back(prefix + "PORT", std::to_string(*main));
        env.emplace_back(prefix + "ADDR", host_and_port(e.host, *main));
        for (const auto& [container_port, published] : e.tcp_ports) {
            env.emplace_back(fmt::format("{}PORT_{}", prefix, container_port), std::to_string(published));
        }
        if (std::string url = service_url(e); !url.empty()) {
            env.emplace_back(prefix + "URL", url);
        }
    }
    add_client_env(endpoints, out);
    env.emplace_back("DTX_RUN_ID", run_id);
    env.emplace_back("DTX_NETWORK", network);
    return out;
}

EnvList connection_env(const std::string& run_id, const std::string& network,
                       const std::vector<ServiceEndpoint>& endpoints) {
    return explain_connection_env(run_id, network, endpoints).vars;
}

void set_var(EnvList& env, const std::string& key, const std::string& value) {
    std::erase_if(env, [&](const auto& entry) { return entry.first == key; });
    env.emplace_back(key, value);
}

std::vector<std::string> merge_env(const std::vector<std::string>& base, const EnvList& extra) {
    std::set<std::string> replaced;
    for (const auto& [key, value] : extra) {
        replaced.insert(key);
    }
    std::vector<std::string> out;
    for (const auto& entry : base) {
        if (replaced.count(entry.substr(0, entry.find('='))) == 0) {
            out.push_back(entry);
        }
    }
    for (const auto& [key, value] : extra) {
        out.push_back(key + "=" + value);
    }
    return out;
}

}  // namespace dtx::env
