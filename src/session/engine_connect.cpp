#include "session/engine_connect.hpp"

#include "engine/curl_transport.hpp"
#include "engine/docker_host.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

namespace dtx::session {

std::unique_ptr<engine::DockerEngine> connect_engine(const load::EnvLookup& lookup_env) {
    auto endpoint = engine::resolve_endpoint(lookup_env);
    if (!endpoint) {
        throw EngineError(endpoint.error().message);
    }
    auto engine = std::make_unique<engine::DockerEngine>(std::make_unique<engine::CurlTransport>(endpoint.value()));
    if (auto status = engine->negotiate(); !status) {
        const auto& e = status.error();
        if ((e.code == util::Errc::unavailable || e.code == util::Errc::timeout) && endpoint->tls) {
            // "Start one" would mislead here: a TLS endpoint that fails is more often up with
            // certificates that do not match.
            throw EngineError(
                fmt::format("cannot reach a Docker engine: {}. Check that an engine listens there with TLS, and that "
                            "DOCKER_CERT_PATH (or the Docker context) holds the certificates it expects",
                            e.message));
        }
        if (e.code == util::Errc::unavailable || e.code == util::Errc::timeout) {
            throw EngineError(fmt::format(
                "cannot reach a Docker engine: {}. Start one (`sudo systemctl start docker`, or `sudo dockerd &`), "
                "or point DOCKER_HOST at a running engine (e.g. unix:///run/user/1000/docker.sock)",
                e.message));
        }
        if (e.code == util::Errc::permission) {
            throw EngineError(fmt::format("cannot use the Docker engine: {}", e.message));
        }
        throw EngineError(e.message);
    }
    return engine;
}

}  // namespace dtx::session
