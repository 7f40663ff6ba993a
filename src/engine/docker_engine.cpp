#include "engine/docker_engine.hpp"

#include "engine/json_mapping.hpp"
#include "engine/stream_demux.hpp"
#include "util/percent.hpp"

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

// "postgres:15" -> ("postgres", "15"); "host:5000/img" -> ("host:5000/img", "latest"); digests stay whole.
std::pair<std::string, std::string> split_reference(const std::string& ref) {
    if (ref.find('@') != std::string::npos) {
        return {ref, ""};
    }
    auto colon = ref.rfind(':');
    auto slash = ref.rfind('/');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) {
        return {ref, "latest"};
    }
    return {ref.substr(0, colon), ref.substr(colon + 1)};
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
    auto response = m_transport->send(HttpRequest{method, "/v" + m_api_version + path, std::move(body), timeout});
    if (!response) {
        return response.error();
    }
    if (response->status < 200 || response->status >= 300) {
        return util::fail(errc_for_status(response->status),
                          fmt::format("{}: {}", what, json::error_message(response->body)));
    }
    return response;
}

Result<VersionInfo> DockerEngine::version() {
    auto response = call("GET", "/version", "version");
    if (!response) {
        return response.error();
    }
    return json::parse_version(response->body);
}

Result<ImageInfo> DockerEngine::inspect_image(const std::string& ref) {
    auto response = call("GET", "/images/" + ref + "/json", fmt::format("image {}", ref));
    if (!response) {
        return response.error();
    }
    return json::parse_image(response->body);
}

Status DockerEngine::pull_image(const std::string& ref) {
    auto [name, tag] = split_reference(ref);
    std::string query =
        "fromImage=" + util::percent_encode(name) + (tag.empty() ? "" : "&tag=" + util::percent_encode(tag));
    auto response = call("POST", "/images/create?" + query, fmt::format("pulling {}", ref), "", k_pull_timeout);
    if (!response) {
        return response.error();
    }
    // The pull answers 200 and reports failures inside its progress stream.
    if (std::string error = json::stream_error(response->body); !error.empty()) {
        return util::fail(util::Errc::not_found, fmt::format("pulling {}: {}", ref, error));
    }
    return util::ok_status();
}

Result<std::string> DockerEngine::create_network(const NetworkSpec& spec) {
    auto response = call("POST", "/networks/create", fmt::format("creating network {}", spec.name),
                         json::network_create_body(spec));
    if (!response) {
        return response.error();
    }
    return json::parse_id(response->body);
}

Status DockerEngine::remove_network(const std::string& id_or_name) {
    auto response =
        call("DELETE", "/networks/" + util::percent_encode(id_or_name), fmt::format("removing network {}", id_or_name));
    if (!response) {
        return response.error();
    }
    return util::ok_status();
}

Result<std::vector<NetworkSummary>> DockerEngine::list_networks(const LabelFilter& labels) {
    auto response =
        call("GET", "/networks?filters=" + util::percent_encode(json::label_filters(labels)), "listing networks");
    if (!response) {
        return response.error();
    }
    return json::parse_network_list(response->body);
}

Result<std::string> DockerEngine::create_container(const ContainerSpec& spec) {
    auto response = call("POST", "/containers/create?name=" + util::percent_encode(spec.name),
                         fmt::format("creating container {}", spec.name), json::container_create_body(spec));
    if (!response) {
        return response.error();
    }
    return json::parse_id(response->body);
}

Status DockerEngine::start_container(const std::string& id) {
    auto response =
        call("POST", "/containers/" + util::percent_encode(id) + "/start", fmt::format("starting container {}", id));
    if (!response) {
        return response.error();
    }
    return util::ok_status();
}

Result<ContainerState> DockerEngine::inspect_container(const std::string& id) {
    auto response = call("GET", "/containers/" + util::percent_encode(id) + "/json", fmt::format("container {}", id));
    if (!response) {
        return response.error();
    }
    return json::parse_container(response->body);
}

Status DockerEngine::remove_container(const std::string& id) {
    auto response = call("DELETE", "/containers/" + util::percent_encode(id) + "?force=1&v=1",
                         fmt::format("removing container {}", id));
    if (!response) {
        return response.error();
    }
    return util::ok_status();
}

Result<std::vector<ContainerSummary>> DockerEngine::list_containers(const LabelFilter& labels) {
    auto response = call("GET", "/containers/json?all=1&filters=" + util::percent_encode(json::label_filters(labels)),
                         "listing containers");
    if (!response) {
        return response.error();
    }
    return json::parse_container_list(response->body);
}

Result<std::string> DockerEngine::logs(const std::string& id, int tail) {
    auto response =
        call("GET", fmt::format("/containers/{}/logs?stdout=1&stderr=1&tail={}", util::percent_encode(id), tail),
             fmt::format("logs of {}", id));
    if (!response) {
        return response.error();
    }
    return demux_all(response->body);
}

}  // namespace dtx::engine
