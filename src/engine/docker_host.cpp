#include "engine/docker_host.hpp"

#include "engine/docker_context.hpp"
#include "util/file.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <algorithm>
#include <cctype>

namespace dtx::engine {

namespace {

bool is_set(const EnvLookup& env, const char* name) {
    auto value = env(name);
    return value && !value->empty();
}

// "host:port" from what follows tcp:// or https://, or a reason it cannot be one.
util::Result<std::string> host_and_port(const std::string& address, int default_port) {
    std::string host;
    std::string port;
    if (address.starts_with('[')) {
        auto close = address.find(']');
        if (close == std::string::npos) {
            return util::fail(util::Errc::invalid, "an IPv6 address without its closing ']'");
        }
        host = address.substr(0, close + 1);
        std::string rest = address.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') {
            return util::fail(util::Errc::invalid, "expected ':PORT' after the IPv6 address");
        }
        port = rest.empty() ? "" : rest.substr(1);
    } else {
        auto colon = address.find(':');
        if (colon != address.rfind(':')) {
            return util::fail(util::Errc::invalid, "an IPv6 address needs brackets, e.g. tcp://[::1]:2375");
        }
        host = address.substr(0, colon);
        port = colon == std::string::npos ? "" : address.substr(colon + 1);
    }
    if (host.empty() || host == "[]") {
        return util::fail(util::Errc::invalid, "no host before the port");
    }
    if (port.empty()) {
        return fmt::format("{}:{}", host, default_port);
    }
    bool digits =
        port.size() <= 5 && std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!digits || std::stoi(port) < 1 || std::stoi(port) > 65535) {
        return util::fail(util::Errc::invalid, fmt::format("\"{}\" is not a port (1-65535)", port));
    }
    return host + ":" + port;
}

}  // namespace

std::string Endpoint::to_string() const {
    if (kind == Kind::unix_socket) {
        return "unix://" + address;
    }
    return (tls ? "https://" : "tcp://") + address;
}

util::Result<Endpoint> parse_docker_host(const std::optional<std::string>& docker_host, bool tls,
                                         const std::string& origin) {
    if (!docker_host || docker_host->empty()) {
        return Endpoint{Endpoint::Kind::unix_socket, k_default_socket, std::nullopt};
    }
    const std::string& value = *docker_host;
    auto bad = [&](const std::string& why) {
        return util::fail(util::Errc::invalid, fmt::format("{}=\"{}\": {}", origin, value, why));
    };
    if (value.starts_with("unix://")) {
        std::string path = value.substr(7);
        if (path.empty()) {
            return bad("no socket path after unix://");
        }
        return Endpoint{Endpoint::Kind::unix_socket, path, std::nullopt};
    }
    bool https = value.starts_with("https://");
    if (!https && !value.starts_with("tcp://")) {
        return bad("unsupported scheme; use unix:///path/to/docker.sock or tcp://HOST:PORT");
    }
    std::string scheme = https ? "https://" : "tcp://";
    std::string address = value.substr(scheme.size());
    while (!address.empty() && address.back() == '/') {
        address.pop_back();
    }
    if (address.empty()) {
        return bad("no host after " + scheme);
    }
    if (address.find('/') != std::string::npos) {
        return bad("a path after the host is not supported");
    }
    bool wants_tls = tls || https;
    auto hp = host_and_port(address, wants_tls ? k_tls_port : k_plain_port);
    if (!hp) {
        return bad(hp.error().message);
    }
    Endpoint endpoint{Endpoint::Kind::tcp, hp.value(), std::nullopt};
    if (wants_tls) {
        endpoint.tls = TlsConfig{true, "", "", "", "the system's CA store"};
    }
    return endpoint;
}

util::Result<std::optional<TlsConfig>> tls_from_env(const EnvLookup& env, bool https_scheme) {
    bool verify = is_set(env, "DOCKER_TLS_VERIFY");
    bool plain_tls = is_set(env, "DOCKER_TLS");
    if (!verify && !plain_tls && !https_scheme) {
        return std::optional<TlsConfig>();
    }
    bool verifies = verify || !plain_tls;
    TlsConfig tls{verifies, "", "", "", verifies ? "the system's CA store" : "no certificates (DOCKER_TLS)"};
    std::string dir;
    std::string dir_origin;
    if (auto path = env("DOCKER_CERT_PATH"); path && !path->empty()) {
        dir = *path;
        dir_origin = "DOCKER_CERT_PATH";
    } else if (auto home = env("HOME"); home && !home->empty()) {
        dir = *home + "/.docker";
        dir_origin = "the default when DOCKER_CERT_PATH is unset";
    } else if (verify) {
        return util::fail(util::Errc::invalid,
                          "DOCKER_TLS_VERIFY is set, but neither DOCKER_CERT_PATH nor HOME is, so there is no "
                          "ca.pem, cert.pem and key.pem to use; set DOCKER_CERT_PATH");
    } else {
        return std::optional<TlsConfig>(tls);  // no directory: no client certificate, like the docker CLI
    }
    std::string ca = dir + "/ca.pem";
    std::string cert = dir + "/cert.pem";
    std::string key = dir + "/key.pem";
    if (verify) {
        for (const auto& file : {ca, cert, key}) {
            if (!util::is_regular_file(file)) {
                return util::fail(util::Errc::invalid,
                                  fmt::format("DOCKER_TLS_VERIFY is set, but {} does not exist; point "
                                              "DOCKER_CERT_PATH at the directory holding ca.pem, cert.pem and "
                                              "key.pem",
                                              file));
            }
        }
    }
    // Without DOCKER_TLS_VERIFY, missing files are simply not used, as the docker CLI does.
    if (tls.verify && util::is_regular_file(ca)) {
        tls.ca_file = ca;
    }
    if (util::is_regular_file(cert) && util::is_regular_file(key)) {
        tls.cert_file = cert;
        tls.key_file = key;
    }
    if (!tls.ca_file.empty() || !tls.cert_file.empty()) {
        tls.origin = fmt::format("the certificates in {} ({})", dir, dir_origin);
    }
    return std::optional<TlsConfig>(tls);
}

util::Result<Endpoint> resolve_endpoint(const EnvLookup& env) {
    if (auto host = env("DOCKER_HOST"); host && !host->empty()) {
        bool wants_tls = is_set(env, "DOCKER_TLS_VERIFY") || is_set(env, "DOCKER_TLS");
        auto endpoint = parse_docker_host(host, wants_tls);
        if (!endpoint || !endpoint->tls) {
            return endpoint;
        }
        auto tls = tls_from_env(env, host->starts_with("https://"));
        if (!tls) {
            return tls.error();
        }
        endpoint->tls = *tls.value();
        return endpoint;
    }
    auto config_dir = docker_config_dir(env);
    std::string name;
    std::string origin;
    if (auto context = env("DOCKER_CONTEXT"); context && !context->empty()) {
        name = *context;
        origin = "DOCKER_CONTEXT";
    } else if (config_dir) {
        auto current = current_context(*config_dir);
        if (!current && current.error().code == util::Errc::io) {
            // As the docker CLI does: a config this user may not read is warned about and ignored.
            spdlog::warn("{}; using the default engine", current.error().message);
        } else if (!current) {
            return current.error();
        } else if (current.value()) {
            name = *current.value();
            origin = fmt::format("currentContext in {}/config.json", *config_dir);
        }
    }
    if (name.empty() || name == "default") {
        return parse_docker_host(std::nullopt);
    }
    if (!config_dir) {
        return util::fail(util::Errc::invalid,
                          fmt::format("DOCKER_CONTEXT=\"{}\", but neither DOCKER_CONFIG nor HOME is set, so its "
                                      "definition cannot be found",
                                      name));
    }
    return context_endpoint(*config_dir, name, origin);
}

}  // namespace dtx::engine
