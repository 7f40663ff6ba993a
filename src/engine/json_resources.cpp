#include "engine/json_resources.hpp"

#include "engine/json_common.hpp"

namespace dtx::engine::json {

std::string network_create_body(const NetworkConfig& spec) {
    json body;
    body["Name"] = spec.name;
    body["Driver"] = "bridge";
    body["CheckDuplicate"] = true;
    body["Labels"] = spec.labels;
    body["Internal"] = spec.internal;
    if (!spec.subnet.empty()) {
        json config = {{"Subnet", spec.subnet}};
        if (!spec.gateway.empty()) {
            config["Gateway"] = spec.gateway;
        }
        body["IPAM"] = {{"Driver", "default"}, {"Config", json::array({config})}};
    }
    return body.dump();
}

util::Result<NetworkInfo> parse_network(const std::string& body) {
    return parse_with<NetworkInfo>(body, "network", [](const json& j) {
        NetworkInfo n{
            str(j, "Id"), str(j, "Name"), str(j, "Driver"), labels_of(j.value("Labels", json::object())), {}, {}};
        const json& ipam = j.value("IPAM", json::object());
        for (const auto& config : ipam.value("Config", json::array())) {
            if (std::string subnet = str(config, "Subnet"); !subnet.empty()) {
                n.subnets.push_back(subnet);
            }
        }
        const json& containers = j.value("Containers", json::object());
        if (containers.is_object()) {
            for (const auto& [id, unused] : containers.items()) {
                n.containers.push_back(id);
            }
        }
        return n;
    });
}

util::Result<std::vector<NetworkSummary>> parse_network_list(const std::string& body) {
    return parse_with<std::vector<NetworkSummary>>(body, "network list", [](const json& j) {
        std::vector<NetworkSummary> out;
        for (const auto& n : j) {
            out.push_back(NetworkSummary{str(n, "Id"), str(n, "Name"), labels_of(n.value("Labels", json::object()))});
        }
        return out;
    });
}

std::string volume_create_body(const VolumeConfig& spec) {
    json body;
    if (!spec.name.empty()) {
        body["Name"] = spec.name;
    }
    body["Driver"] = "local";
    body["Labels"] = spec.labels;
    return body.dump();
}

util::Result<std::string> parse_volume_name(const std::string& body) {
    return parse_with<std::string>(body, "volume create", [](const json& j) {
        std::string name = str(j, "Name");
        if (name.empty()) {
            throw json::other_error::create(501, "no Name in the answer", &j);
        }
        return name;
    });
}

namespace {

VolumeSummary volume_of(const json& v) {
    return VolumeSummary{str(v, "Name"), str(v, "Driver"), str(v, "Mountpoint"),
                         labels_of(v.value("Labels", json::object()))};
}

}  // namespace

util::Result<std::vector<VolumeSummary>> parse_volume_list(const std::string& body) {
    return parse_with<std::vector<VolumeSummary>>(body, "volume list", [](const json& j) {
        std::vector<VolumeSummary> out;
        // {"Volumes": [...] or null, "Warnings": ...}
        const json& volumes = j.value("Volumes", json::array());
        if (volumes.is_array()) {
            for (const auto& v : volumes) {
                out.push_back(volume_of(v));
            }
        }
        return out;
    });
}

util::Result<VolumeSummary> parse_volume(const std::string& body) {
    return parse_with<VolumeSummary>(body, "volume", volume_of);
}

}  // namespace dtx::engine::json
