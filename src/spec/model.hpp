#pragma once
// The resolved project: plain structs, no YAML types. Everything dtx acts on is here.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dtx::spec {

struct Location {
    std::string file;
    int line = 0;  // 1-based; 0 when unknown
    int column = 0;
};

struct PortMapping {
    std::string host_ip;          // empty: dtx's default (127.0.0.1)
    std::uint16_t host_port = 0;  // 0: an ephemeral port chosen by the engine
    std::uint16_t target = 0;     // the container port
    std::string protocol = "tcp";
    Location location;
};

enum class Condition { started, healthy, completed_successfully };

struct Dependency {
    std::string service;
    Condition condition = Condition::started;
    Location location;
};

struct Service {
    std::string name;
    std::string image;
    std::map<std::string, std::string> environment;
    std::optional<std::vector<std::string>> command;  // unset: the image's CMD
    std::vector<PortMapping> ports;
    std::vector<PortMapping> expose;  // `expose:` entries (no host side)
    std::vector<Dependency> depends_on;
    Location location;
};

struct Project {
    std::string name;               // from `name:`, -p, or the spec's directory
    std::string file;               // the spec file it was read from
    std::string directory;          // the directory relative paths resolve against
    std::vector<Service> services;  // sorted by name
    std::string content_hash;       // fingerprint of the spec's text

    const Service* find(const std::string& service) const;
};

}  // namespace dtx::spec
