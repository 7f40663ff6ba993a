#include "engine/json_mapping.hpp"

#include <fmt/format.h>
#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

namespace dtx::engine::json {

using nlohmann::json;

namespace {

template <class T, class F>
util::Result<T> parse_with(const std::string& body, const char* what, F&& mapper) {
    try {
        return mapper(json::parse(body));
    } catch (const json::exception& e) {
        return util::fail(util::Errc::invalid, fmt::format("cannot read the engine's {} answer: {}", what, e.what()));
    }
}

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Labels labels_of(const json& j) {
    Labels labels;
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            if (v.is_string()) {
                labels[k] = v.get<std::string>();
            }
        }
    }
    return labels;
}

std::uint16_t to_port(const std::string& text) {
    unsigned value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value <= 65535 ? static_cast<std::uint16_t>(value) : 0;
}

std::vector<PublishedPort> published_ports(const json& ports) {
    std::vector<PublishedPort> out;
    if (!ports.is_object()) {
        return out;
    }
    for (const auto& [key, bindings] : ports.items()) {
        auto slash = key.find('/');
        std::uint16_t container_port = to_port(key.substr(0, slash));
        std::string protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
        if (!bindings.is_array()) {
            continue;  // exposed but not published
        }
        for (const auto& b : bindings) {
            out.push_back(PublishedPort{container_port, protocol, str(b, "HostIp"), to_port(str(b, "HostPort"))});
        }
    }
    return out;
}

}  // namespace

std::string container_create_body(const ContainerSpec& spec) {
    json body;
    body["Image"] = spec.image;
    body["Env"] = spec.env;
    if (spec.cmd) {
        body["Cmd"] = *spec.cmd;
    }
    body["Labels"] = spec.labels;
    json exposed = json::object();
    json bindings = json::object();
    for (const auto& p : spec.ports) {
        std::string key = fmt::format("{}/{}", p.container_port, p.protocol);
        exposed[key] = json::object();
        bindings[key].push_back(
            {{"HostIp", p.host_ip}, {"HostPort", p.host_port == 0 ? std::string() : std::to_string(p.host_port)}});
    }
    body["ExposedPorts"] = exposed;
    json host;
    host["PortBindings"] = bindings;
    if (!spec.network.empty()) {
        host["NetworkMode"] = spec.network;
        body["NetworkingConfig"]["EndpointsConfig"][spec.network]["Aliases"] = spec.aliases;
    }
    body["HostConfig"] = host;
    return body.dump();
}

std::string network_create_body(const NetworkSpec& spec) {
    json body;
    body["Name"] = spec.name;
    body["Driver"] = "bridge";
    body["CheckDuplicate"] = true;
    body["Labels"] = spec.labels;
    return body.dump();
}

std::string label_filters(const std::vector<std::string>& labels) {
    json filters;
    filters["label"] = labels;
    return filters.dump();
}

util::Result<VersionInfo> parse_version(const std::string& body) {
    return parse_with<VersionInfo>(body, "version", [](const json& j) {
        return VersionInfo{str(j, "Version"), str(j, "ApiVersion"), str(j, "MinAPIVersion"), str(j, "Os"),
                           str(j, "Arch")};
    });
}

util::Result<ImageInfo> parse_image(const std::string& body) {
    return parse_with<ImageInfo>(body, "image", [](const json& j) {
        ImageInfo info{str(j, "Id"), {}};
        auto config = j.find("Config");
        if (config != j.end() && config->is_object()) {
            auto exposed = config->find("ExposedPorts");
            if (exposed != config->end() && exposed->is_object()) {
                for (const auto& [key, unused] : exposed->items()) {
                    info.exposed_ports.push_back(key);
                }
            }
        }
        return info;
    });
}

util::Result<ContainerState> parse_container(const std::string& body) {
    return parse_with<ContainerState>(body, "container", [](const json& j) {
        ContainerState s;
        s.id = str(j, "Id");
        s.name = str(j, "Name");
        if (!s.name.empty() && s.name.front() == '/') {
            s.name.erase(0, 1);
        }
        const json& state = j.value("State", json::object());
        s.status = str(state, "Status");
        s.running = state.value("Running", false);
        s.exit_code = state.value("ExitCode", 0);
        s.oom_killed = state.value("OOMKilled", false);
        s.error = str(state, "Error");
        const json& network = j.value("NetworkSettings", json::object());
        s.ports = published_ports(network.value("Ports", json::object()));
        return s;
    });
}

util::Result<std::vector<ContainerSummary>> parse_container_list(const std::string& body) {
    return parse_with<std::vector<ContainerSummary>>(body, "container list", [](const json& j) {
        std::vector<ContainerSummary> out;
        for (const auto& c : j) {
            ContainerSummary s{str(c, "Id"), "", str(c, "State"), labels_of(c.value("Labels", json::object()))};
            const json& names = c.value("Names", json::array());
            if (!names.empty() && names.front().is_string()) {
                s.name = names.front().get<std::string>();
                if (!s.name.empty() && s.name.front() == '/') {
                    s.name.erase(0, 1);
                }
            }
            out.push_back(std::move(s));
        }
        return out;
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

util::Result<std::string> parse_id(const std::string& body) {
    return parse_with<std::string>(body, "create", [](const json& j) {
        std::string id = str(j, "Id");
        if (id.empty()) {
            throw json::other_error::create(501, "no Id in the answer", &j);
        }
        return id;
    });
}

std::string error_message(const std::string& body) {
    try {
        auto j = json::parse(body);
        std::string message = str(j, "message");
        if (!message.empty()) {
            return message;
        }
    } catch (const json::exception&) {
    }
    std::string trimmed = body;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) {
        trimmed.pop_back();
    }
    return trimmed;
}

std::string stream_error(const std::string& body) {
    std::istringstream lines(body);
    std::string line;
    while (std::getline(lines, line)) {
        try {
            auto j = json::parse(line);
            std::string error = str(j, "error");
            if (!error.empty()) {
                return error;
            }
        } catch (const json::exception&) {
        }
    }
    return "";
}

}  // namespace dtx::engine::json
