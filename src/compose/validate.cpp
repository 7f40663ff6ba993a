#include "compose/validate.hpp"

#include "graph/graph.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>

namespace dtx::compose {

namespace {

void error_at(DecodeContext& ctx, const yaml::Location& where, const std::string& path, const std::string& message) {
    ctx.errors.push_back({where, path, message});
}

void check_dependencies(DecodeContext& ctx, const Project& project,
                        const std::map<std::string, std::string>& inactive) {
    std::string defined;
    graph::Graph g;
    for (const auto& svc : project.services) {
        g.add_node(svc.name);
        defined += (defined.empty() ? "" : ", ") + svc.name;
    }
    for (const auto& svc : project.services) {
        for (const auto& dep : svc.depends_on) {
            std::string path = dep.implied_by.empty() ? fmt::format("services.{}.depends_on.{}", svc.name, dep.service)
                                                      : fmt::format("services.{}.{}", svc.name, dep.implied_by);
            if (project.find(dep.service) != nullptr) {
                g.add_edge(svc.name, dep.service);
            } else if (auto it = inactive.find(dep.service); it != inactive.end()) {
                if (dep.required) {
                    error_at(ctx, dep.location, path,
                             fmt::format("depends on \"{}\", which is only in profile(s) {}; activate one with "
                                         "--profile or COMPOSE_PROFILES",
                                         dep.service, it->second));
                }
            } else if (dep.service == svc.name) {
                error_at(ctx, dep.location, path, "a service cannot depend on itself");
            } else {
                error_at(ctx, dep.location, path,
                         fmt::format("unknown service \"{}\"; the file defines {}", dep.service, defined));
            }
        }
    }
    if (auto cycle = g.find_cycle(); !cycle.empty()) {
        yaml::Location at;
        for (const auto& dep : project.find(cycle[0])->depends_on) {
            if (dep.service == cycle[1]) {
                at = dep.location;
            }
        }
        error_at(ctx, at, fmt::format("services.{}.depends_on", cycle[0]),
                 fmt::format("dependency cycle {}; remove one of these dependencies", graph::format_cycle(cycle)));
    }
}

void check_host_ports(DecodeContext& ctx, const Project& project) {
    struct Taken {
        const std::string* host_ip;
        const std::string* service;
    };
    // Indexed by (port, protocol): a range like "1-65535:1-65535" is 65,535 mappings, so comparing
    // each with all before it would be quadratic. Only mappings sharing the key can clash.
    std::map<std::pair<int, std::string>, std::vector<Taken>> taken;
    auto wildcard = [](const std::string& ip) { return ip.empty() || ip == "0.0.0.0" || ip == "::"; };
    for (const auto& svc : project.services) {
        for (const auto& p : svc.ports) {
            if (p.host_port == 0) {
                continue;
            }
            auto& same = taken[{p.host_port, p.protocol}];
            // An address clashes with itself and with the wildcard, which binds every address.
            auto clash = std::find_if(same.begin(), same.end(), [&](const Taken& t) {
                return *t.host_ip == p.host_ip || wildcard(*t.host_ip) || wildcard(p.host_ip);
            });
            if (clash != same.end()) {
                error_at(ctx, p.location, fmt::format("services.{}.ports", svc.name),
                         fmt::format("host port {}/{} is also published by service \"{}\"; pick another host port "
                                     "(dtx run makes them ephemeral anyway)",
                                     p.host_port, p.protocol, *clash->service));
            }
            same.push_back({&p.host_ip, &svc.name});
        }
    }
}

void check_volumes(DecodeContext& ctx, const Project& project) {
    for (const auto& svc : project.services) {
        for (const auto& m : svc.volumes) {
            if (m.type == "volume" && !m.source.empty() && project.volumes.count(m.source) == 0) {
                error_at(ctx, m.location, fmt::format("services.{}.volumes", svc.name),
                         fmt::format("named volume \"{}\" is not declared; add it under the top-level \"volumes:\"",
                                     m.source));
            }
        }
    }
}

}  // namespace

void validate_project(DecodeContext& ctx, const Project& project, const std::map<std::string, std::string>& inactive) {
    check_dependencies(ctx, project, inactive);
    check_host_ports(ctx, project);
    check_volumes(ctx, project);
}

}  // namespace dtx::compose
