#pragma once
// Where the engine listens and how to speak to it, resolved from the environment the way the docker
// CLI does it, so `dtx` reaches the same engine as `docker` in the same shell. podman's
// Docker-compatible socket (e.g. unix:///run/user/1000/podman/podman.sock) is just another unix://
// path: nothing here treats it specially.

#include "util/env_lookup.hpp"
#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>

namespace dtx::engine {

// TLS settings for a tcp endpoint.
struct TlsConfig {
    bool verify = true;     // check the engine's certificate and that it names the host
    std::string ca_file;    // the CA to verify against; empty: the system's CA store
    std::string cert_file;  // the client certificate and its key; both empty: none is presented
    std::string key_file;
    std::string origin;  // where the files came from, for messages: "DOCKER_CERT_PATH=/x", "context \"ci\" (/y)"
};

struct Endpoint {
    enum class Kind { unix_socket, tcp };
    Kind kind = Kind::unix_socket;
    std::string address;           // the socket path, or "host:port"
    std::optional<TlsConfig> tls;  // tcp only; set: speak https

    // "unix:///var/run/docker.sock", "tcp://10.0.0.1:2375", or "https://10.0.0.1:2376" with TLS.
    std::string to_string() const;
};

inline constexpr const char* k_default_socket = "/var/run/docker.sock";
inline constexpr int k_plain_port = 2375;
inline constexpr int k_tls_port = 2376;

using EnvLookup = util::EnvLookup;

// Parses a DOCKER_HOST-style value: unix://PATH, tcp://HOST[:PORT] or https://HOST[:PORT] (HOST may
// be a bracketed IPv6 address); nullopt or "" gives the default socket. With `tls` (the environment
// asks for it) or https://, a tcp endpoint gets `tls` set, verifying against the system's CA store
// until the caller names files, and port 2376 rather than 2375 by default. Fails with
// Errc::invalid on an unknown scheme, an empty address, a path or a bad port; messages start with
// `origin`="value" (origin: "DOCKER_HOST", or the context's Host).
util::Result<Endpoint> parse_docker_host(const std::optional<std::string>& docker_host, bool tls = false,
                                         const std::string& origin = "DOCKER_HOST");

// The TLS files the environment names, for a DOCKER_HOST tcp endpoint, as the docker CLI reads them
// from DOCKER_CERT_PATH (default $HOME/.docker):
//   DOCKER_TLS_VERIFY non-empty: verify the engine against ca.pem and present cert.pem/key.pem; all
//     three must exist, else Errc::invalid naming the missing file and the variable;
//   else DOCKER_TLS non-empty: TLS without verification, presenting cert.pem/key.pem when they exist;
//   else `https_scheme` (DOCKER_HOST=https://…): verify, using whichever of the files exist;
//   else nullopt: plain HTTP.
util::Result<std::optional<TlsConfig>> tls_from_env(const EnvLookup& env, bool https_scheme = false);

// The engine endpoint, in the docker CLI's order: DOCKER_HOST (with the TLS variables above); else
// the context named by DOCKER_CONTEXT; else `currentContext` in $DOCKER_CONFIG/config.json (default
// $HOME/.docker/config.json); the context "default", or none at all, is the default socket. Fails
// with Errc::invalid and a message naming the variable, file or context at fault.
util::Result<Endpoint> resolve_endpoint(const EnvLookup& env);

}  // namespace dtx::engine
