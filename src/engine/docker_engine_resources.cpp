#include "engine/docker_engine.hpp"

#include "engine/json_mapping.hpp"
#include "engine/json_resources.hpp"
#include "util/percent.hpp"

#include <fmt/format.h>

namespace dtx::engine {

Result<std::string> DockerEngine::create_network(const NetworkConfig& spec) {
    auto response = call("POST", "/networks/create", fmt::format("creating network {}", spec.name),
                         json::network_create_body(spec));
    if (!response) {
        return response.error();
    }
    return json::parse_id(response->body);
}

Status DockerEngine::remove_network(const std::string& id_or_name) {
    return util::status_of(call("DELETE", "/networks/" + util::percent_encode(id_or_name),
                                fmt::format("removing network {}", id_or_name)));
}

Result<std::vector<NetworkSummary>> DockerEngine::list_networks(const LabelFilter& labels) {
    auto response =
        call("GET", "/networks?filters=" + util::percent_encode(json::label_filters(labels)), "listing networks");
    if (!response) {
        return response.error();
    }
    return json::parse_network_list(response->body);
}

Result<NetworkInfo> DockerEngine::inspect_network(const std::string& id_or_name) {
    auto response = call("GET", "/networks/" + util::percent_encode(id_or_name), fmt::format("network {}", id_or_name));
    if (!response) {
        return response.error();
    }
    return json::parse_network(response->body);
}

Result<std::string> DockerEngine::create_volume(const VolumeConfig& spec) {
    auto response =
        call("POST", "/volumes/create", fmt::format("creating volume {}", spec.name), json::volume_create_body(spec));
    if (!response) {
        return response.error();
    }
    return json::parse_volume_name(response->body);
}

Result<std::vector<VolumeSummary>> DockerEngine::list_volumes(const LabelFilter& labels) {
    auto response =
        call("GET", "/volumes?filters=" + util::percent_encode(json::label_filters(labels)), "listing volumes");
    if (!response) {
        return response.error();
    }
    return json::parse_volume_list(response->body);
}

Result<VolumeSummary> DockerEngine::inspect_volume(const std::string& name) {
    auto response = call("GET", "/volumes/" + util::percent_encode(name), fmt::format("volume {}", name));
    if (!response) {
        return response.error();
    }
    return json::parse_volume(response->body);
}

Status DockerEngine::remove_volume(const std::string& name, bool force) {
    return util::status_of(call("DELETE", "/volumes/" + util::percent_encode(name) + (force ? "?force=1" : ""),
                                fmt::format("removing volume {}", name)));
}

}  // namespace dtx::engine
