#include "session/connection_env.hpp"

#include "util/percent.hpp"

#include <fmt/format.h>
#include <set>

namespace dtx::session {

namespace {

// An IPv6 literal in a URL or host:port needs brackets.
std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::optional<std::uint16_t> host_port(const ServiceEndpoint& e, std::optional<std::uint16_t> container_port) {
    if (!container_port) {
        return std::nullopt;
    }
    auto it = e.tcp_ports.find(*container_port);
    return it == e.tcp_ports.end() ? std::nullopt : std::optional<std::uint16_t>(it->second);
}

std::string user_info(const std::string& user, const std::string& password) {
    if (user.empty() && password.empty()) {
        return "";
    }
    return password.empty() ? util::percent_encode(user) + "@"
                            : util::percent_encode(user) + ":" + util::percent_encode(password) + "@";
}

int count_kind(const std::vector<ServiceEndpoint>& endpoints, std::initializer_list<probe::Kind> kinds) {
    int n = 0;
    for (const auto& e : endpoints) {
        for (auto k : kinds) {
            n += (e.kind == k && host_port(e, e.main_port)) ? 1 : 0;
        }
    }
    return n;
}

void add_native(EnvList& env, const ServiceEndpoint& e, const std::vector<ServiceEndpoint>& all) {
    auto port = host_port(e, e.main_port);
    if (!port) {
        return;
    }
    std::string url = service_url(e);
    const auto& c = e.credentials;
    bool single_kind = count_kind(all, {e.kind}) == 1;
    switch (e.kind) {
    case probe::Kind::postgres:
        if (single_kind) {
            env.insert(env.end(), {{"PGHOST", e.host},
                                   {"PGPORT", std::to_string(*port)},
                                   {"PGUSER", c.user},
                                   {"PGPASSWORD", c.password},
                                   {"PGDATABASE", c.database}});
        }
        break;
    case probe::Kind::mysql:
        if (single_kind) {
            env.insert(env.end(),
                       {{"MYSQL_HOST", e.host}, {"MYSQL_TCP_PORT", std::to_string(*port)}, {"MYSQL_PWD", c.password}});
        }
        break;
    case probe::Kind::redis:
        if (single_kind) {
            env.emplace_back("REDIS_URL", url);
        }
        break;
    case probe::Kind::memcached:
        if (single_kind) {
            env.emplace_back("MEMCACHED_SERVERS", fmt::format("{}:{}", url_host(e.host), *port));
        }
        break;
    case probe::Kind::s3:
    case probe::Kind::dynamodb:
    case probe::Kind::http:
    case probe::Kind::generic:
        break;
    }
    bool sql = e.kind == probe::Kind::postgres || e.kind == probe::Kind::mysql;
    if (sql && count_kind(all, {probe::Kind::postgres, probe::Kind::mysql}) == 1) {
        env.emplace_back("DATABASE_URL", url);
    }
}

}  // namespace

std::string env_key(const std::string& service) {
    std::string key;
    for (unsigned char c : service) {
        key.push_back(std::isalnum(c) != 0 ? static_cast<char>(std::toupper(c)) : '_');
    }
    return key;
}

std::string service_url(const ServiceEndpoint& e) {
    auto port = host_port(e, e.main_port);
    if (!port) {
        return "";
    }
    const auto& c = e.credentials;
    switch (e.kind) {
    case probe::Kind::postgres:
        return fmt::format("postgres://{}{}:{}/{}?sslmode=disable", user_info(c.user, c.password), url_host(e.host),
                           *port, util::percent_encode(c.database));
    case probe::Kind::mysql:
        return fmt::format("mysql://{}{}:{}/{}", user_info(c.user, c.password), url_host(e.host), *port,
                           util::percent_encode(c.database));
    case probe::Kind::redis:
        // Redis 6+ names the password-only user "default"; an empty user name breaks redis-cli.
        return fmt::format("redis://{}{}:{}/0", user_info(c.password.empty() ? "" : "default", c.password),
                           url_host(e.host), *port);
    case probe::Kind::memcached:
        return fmt::format("memcached://{}:{}", url_host(e.host), *port);
    case probe::Kind::s3:
    case probe::Kind::dynamodb:
    case probe::Kind::http:
        return fmt::format("http://{}:{}", url_host(e.host), *port);
    case probe::Kind::generic:
        break;
    }
    return "";
}

EnvList connection_env(const std::string& run_id, const std::string& network,
                       const std::vector<ServiceEndpoint>& endpoints) {
    EnvList env;
    for (const auto& e : endpoints) {
        auto main = host_port(e, e.main_port);
        if (!main) {
            continue;  // nothing published: reachable only from the run's network
        }
        std::string prefix = "DTX_" + env_key(e.service) + "_";
        env.emplace_back(prefix + "HOST", e.host);
        env.emplace_back(prefix + "PORT", std::to_string(*main));
        env.emplace_back(prefix + "ADDR", fmt::format("{}:{}", url_host(e.host), *main));
        for (const auto& [container_port, published] : e.tcp_ports) {
            env.emplace_back(fmt::format("{}PORT_{}", prefix, container_port), std::to_string(published));
        }
        if (std::string url = service_url(e); !url.empty()) {
            env.emplace_back(prefix + "URL", url);
        }
    }
    for (const auto& e : endpoints) {
        add_native(env, e, endpoints);
    }
    env.emplace_back("DTX_RUN_ID", run_id);
    env.emplace_back("DTX_NETWORK", network);
    return env;
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

}  // namespace dtx::session
