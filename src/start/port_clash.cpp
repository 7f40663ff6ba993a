#include "start/port_clash.hpp"

#include "engine/labels.hpp"
#include "process/port_listener.hpp"

#include <fmt/format.h>
#include <cctype>

namespace dtx::start {

namespace {

// ":6380" followed by something other than a digit (":63801" is another port).
bool names_port(const std::string& message, std::uint16_t port) {
    std::string needle = ":" + std::to_string(port);
    for (auto at = message.find(needle); at != std::string::npos; at = message.find(needle, at + 1)) {
        auto after = at + needle.size();
        if (after == message.size() || std::isdigit(static_cast<unsigned char>(message[after])) == 0) {
            return true;
        }
    }
    return false;
}

std::string label_or_empty(const engine::Labels& labels, const char* key) {
    auto it = labels.find(key);
    return it == labels.end() ? "" : it->second;
}

std::string address(const engine::PortConfig& port) {
    return fmt::format("{}:{}", port.host_ip.empty() ? "0.0.0.0" : port.host_ip, port.host_port);
}

}  // namespace

bool is_port_clash(const std::string& message) {
    return message.find("port is already allocated") != std::string::npos ||
           message.find("address already in use") != std::string::npos;
}

std::optional<engine::PortConfig> fixed_port_in_clash(const std::vector<engine::PortConfig>& ports,
                                                      const std::string& message) {
    for (const auto& port : ports) {
        if (port.host_port != 0 && names_port(message, port.host_port)) {
            return port;
        }
    }
    return std::nullopt;
}

std::optional<std::string> container_publishing(const engine::ContainerState& container,
                                                const engine::PortConfig& port) {
    if (!container.running) {
        return std::nullopt;
    }
    for (const auto& p : container.ports) {
        if (p.host_port != port.host_port || (!p.protocol.empty() && p.protocol != port.protocol)) {
            continue;
        }
        std::string run = label_or_empty(container.labels, engine::label::k_run);
        std::string compose = label_or_empty(container.labels, engine::label::k_compose_project);
        std::string owner = !run.empty()       ? fmt::format(" (dtx run {})", run)
                            : !compose.empty() ? fmt::format(" (compose project {})", compose)
                                               : "";
        return fmt::format("container {}{}", container.name.empty() ? container.id.substr(0, 12) : container.name,
                           owner);
    }
    return std::nullopt;
}

std::string fixed_port_clash_message(engine::Engine& engine, const std::string& service,
                                     const engine::PortConfig& port) {
    std::optional<std::string> holder;
    if (auto containers = engine.list_containers({})) {
        for (const auto& c : *containers) {
            if (c.state != "running") {
                continue;
            }
            if (auto state = engine.inspect_container(c.id); state && (holder = container_publishing(*state, port))) {
                break;
            }
        }
    }
    if (!holder) {
        if (auto listener = process::find_port_listener(port.host_port, port.protocol)) {
            holder = fmt::format("process {} ({})", listener->pid, listener->name);
        }
    }
    return fmt::format(
        "{}: host port {} is already in use by {}; free it or publish another host port in the "
        "service's ports",
        service, address(port), holder.value_or("another program"));
}

std::string port_clash_detail(const std::string& message) {
    for (const char* start : {"Bind for ", "listen tcp", "listen udp"}) {
        if (auto at = message.find(start); at != std::string::npos) {
            return message.substr(at);
        }
    }
    return message;
}

}  // namespace dtx::start
