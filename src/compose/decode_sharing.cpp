// The keys by which a service uses another one's names, namespaces or volumes: links,
// network_mode, ipc, pid and volumes_from. Each makes it depend on that service, as in Compose.
#include "compose/decode_parts.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <set>

namespace dtx::compose {

namespace {

constexpr std::string_view k_service_prefix = "service:";
constexpr std::string_view k_container_prefix = "container:";

// The service a "service:X" mode names, or empty.
std::string service_of_mode(const std::string& mode) {
    return mode.starts_with(k_service_prefix) ? mode.substr(k_service_prefix.size()) : std::string();
}

void imply(Service& svc, const std::string& service, const std::string& key, const yaml::Location& location) {
    auto named = [&](const Dependency& d) { return d.service == service; };
    if (service.empty() || std::any_of(svc.depends_on.begin(), svc.depends_on.end(), named)) {
        return;
    }
    Dependency dep;
    dep.service = service;
    dep.restart = true;  // as Compose v2 writes it
    dep.location = location;
    dep.implied_by = key;
    svc.depends_on.push_back(std::move(dep));
}

}  // namespace

void decode_links(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    auto texts = ctx.string_list(node, path);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const yaml::Node& item = node.items[i];
        const std::string& text = texts[i];
        auto colon = text.find(':');
        Link link{text.substr(0, colon), colon == std::string::npos ? std::string() : text.substr(colon + 1)};
        if (link.service.empty() || (colon != std::string::npos && link.alias.empty())) {
            ctx.fail(item, path, fmt::format("\"{}\" is no link; write SERVICE or SERVICE:ALIAS", text));
        }
        imply(svc, link.service, "links", item.location);
        svc.links.push_back(std::move(link));
    }
}

void decode_volumes_from(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    auto texts = ctx.string_list(node, path);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const yaml::Node& item = node.items[i];
        std::string text = texts[i];
        VolumesFrom from;
        if (text.starts_with(k_container_prefix)) {
            from.container = true;
            text = text.substr(k_container_prefix.size());
        }
        auto colon = text.rfind(':');
        if (colon != std::string::npos) {
            std::string mode = text.substr(colon + 1);
            if (mode != "ro" && mode != "rw") {
                ctx.fail(item, path,
                         fmt::format("unknown access mode \"{}\" in \"{}\"; use ro or rw", mode, item.text));
            }
            from.read_only = mode == "ro";
            text.resize(colon);
        }
        if (text.empty()) {
            ctx.fail(item, path,
                     fmt::format("\"{}\" names no service; write SERVICE[:ro] or container:NAME[:ro]", item.text));
        }
        from.source = text;
        if (!from.container) {
            imply(svc, from.source, "volumes_from", item.location);
        }
        svc.volumes_from.push_back(std::move(from));
    }
}

void decode_namespace_mode(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path,
                           const std::string& key) {
    std::string mode = ctx.string(node, path);
    if ((mode.starts_with(k_service_prefix) && service_of_mode(mode).empty()) ||
        mode == std::string(k_container_prefix)) {
        ctx.fail(node, path, fmt::format("\"{}\" names nothing; write service:NAME or container:NAME", mode));
    }
    std::string& field = key == "network_mode" ? svc.network_mode : key == "ipc" ? svc.ipc : svc.pid;
    field = mode;
    imply(svc, service_of_mode(mode), key, node.location);
}

void drop_implied_duplicates(Service& svc) {
    std::set<std::string> explicit_deps;
    for (const auto& d : svc.depends_on) {
        if (d.implied_by.empty()) {
            explicit_deps.insert(d.service);
        }
    }
    auto& deps = svc.depends_on;
    deps.erase(std::remove_if(
                   deps.begin(), deps.end(),
                   [&](const Dependency& d) { return !d.implied_by.empty() && explicit_deps.count(d.service) != 0; }),
               deps.end());
}

}  // namespace dtx::compose
