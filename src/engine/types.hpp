#pragma once
// Value types of the Engine API as dtx uses them; no Compose or run concepts here.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dtx::engine {

using Labels = std::map<std::string, std::string>;

struct VersionInfo {
    std::string version;          // the engine's own version, e.g. "20.10.24"
    std::string api_version;      // the highest API version the engine speaks, e.g. "1.41"
    std::string min_api_version;  // the lowest one it still accepts
    std::string os;
    std::string arch;
};

struct ImageInfo {
    std::string id;
    std::vector<std::string> exposed_ports;  // "5432/tcp", in the image's order
};

struct NetworkSpec {
    std::string name;
    Labels labels;
};

struct PortSpec {
    std::uint16_t container_port = 0;
    std::string protocol = "tcp";
    std::string host_ip = "127.0.0.1";
    std::uint16_t host_port = 0;  // 0: the engine picks a free ephemeral port
};

struct ContainerSpec {
    std::string name;
    std::string image;
    std::vector<std::string> env;                 // "KEY=VALUE"
    std::optional<std::vector<std::string>> cmd;  // unset: the image's CMD
    Labels labels;
    std::vector<PortSpec> ports;       // each exposed and published
    std::string network;               // attached at creation
    std::vector<std::string> aliases;  // DNS names on `network`
};

struct PublishedPort {
    std::uint16_t container_port = 0;
    std::string protocol;
    std::string host_ip;
    std::uint16_t host_port = 0;
};

struct ContainerState {
    std::string id;
    std::string name;
    std::string status;  // created, running, exited, dead, …
    bool running = false;
    int exit_code = 0;
    bool oom_killed = false;
    std::string error;
    std::vector<PublishedPort> ports;
};

struct ContainerSummary {
    std::string id;
    std::string name;
    std::string state;
    Labels labels;
};

struct NetworkSummary {
    std::string id;
    std::string name;
    Labels labels;
};

}  // namespace dtx::engine
