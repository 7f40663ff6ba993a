#include "engine/docker_engine.hpp"

#include "engine/json_mapping.hpp"

#include <fmt/format.h>
#include <sstream>

namespace dtx::engine {

namespace {

util::Errc errc_for_status(long status) {
    switch (status) {
    case 400:
        return util::Errc::bad_request;
    case 404:
        return util::Errc::not_found;
    case 409:
        return util::Errc::conflict;
    default:
        return util::Errc::server;
    }
}

// A non-2xx answer becomes a Failure that keeps the engine's message, prefixed with `what`. 304
// (starting a running container, stopping a stopped one) is done already: no failure.
Result<HttpResponse> checked(Result<HttpResponse> response, const std::string& what) {
    if (response && (response->status < 200 || response->status >= 300) && response->status != 304) {
        return util::fail(errc_for_status(response->status),
                          fmt::format("{}: {}", what, json::error_message(response->body)));
    }
    return response;
}

}  // namespace

int compare_api_versions(const std::string& a, const std::string& b) {
    std::istringstream sa(a);
    std::istringstream sb(b);
    for (;;) {
        int x = 0;
        int y = 0;
        char dot = 0;
        bool more_a = static_cast<bool>(sa >> x);
        bool more_b = static_cast<bool>(sb >> y);
        if (!more_a && !more_b) {
            return 0;
        }
        if (x != y) {
            return x < y ? -1 : 1;
        }
        sa >> dot;
        sb >> dot;
    }
}

DockerEngine::DockerEngine(std::unique_ptr<HttpTransport> transport) : m_transport(std::move(transport)) {}

std::string DockerEngine::endpoint() const {
    return m_transport->describe();
}

Status DockerEngine::negotiate() {
    auto response = m_transport->send(HttpRequest{"GET", "/version", "", k_default_timeout});
    if (!response) {
        return response.error();
    }
    if (response->status != 200) {
        return util::fail(errc_for_status(response->status),
                          fmt::format("the engine at {} answered /version with HTTP {}: {}", endpoint(),
                                      response->status, json::error_message(response->body)));
    }
    auto info = json::parse_version(response->body);
    if (!info) {
        return info.error();
    }
    const std::string& engine_api = info->api_version;
    if (engine_api.empty() || compare_api_versions(engine_api, k_min_api_version) < 0) {
        return util::fail(
            util::Errc::server,
            fmt::format("the engine at {} speaks API {} (engine {}); dtx needs API {} or newer "
                        "(Docker 19.03+); upgrade the engine",
                        endpoint(), engine_api.empty() ? "?" : engine_api, info->version, k_min_api_version));
    }
    m_api_version = compare_api_versions(engine_api, k_max_api_version) < 0 ? engine_api : k_max_api_version;
    return util::ok_status();
}

Result<HttpResponse> DockerEngine::call(const std::string& method, const std::string& path, const std::string& what,
                                        std::string body, std::chrono::milliseconds timeout) {
    return call(HttpRequest{method, path, std::move(body), timeout}, what);
}

Result<HttpResponse> DockerEngine::call(HttpRequest request, const std::string& what) {
    request.path = "/v" + m_api_version + request.path;
    return checked(m_transport->send(request), what);
}

Status DockerEngine::call_stream(HttpRequest request, const std::string& what, const ChunkSink& sink) {
    request.path = "/v" + m_api_version + request.path;
    return util::status_of(checked(m_transport->stream(request, sink), what));
}

Status DockerEngine::ping() {
    auto response = m_transport->send(HttpRequest{"GET", "/_ping", "", k_default_timeout});
    if (!response) {
        return response.error();
    }
    if (response->status != 200) {
        return util::fail(errc_for_status(response->status),
                          fmt::format("the engine at {} answered /_ping with HTTP {}: {}", endpoint(), response->status,
                                      json::error_message(response->body)));
    }
    return util::ok_status();
}

Result<VersionInfo> DockerEngine::version() {
    auto response = call("GET", "/version", "version");
    if (!response) {
        return response.error();
    }
    return json::parse_version(response->body);
}

}  // namespace dtx::engine
