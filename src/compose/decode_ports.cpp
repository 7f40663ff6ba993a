#include "compose/decode_parts.hpp"
#include "compose/ports.hpp"

#include <fmt/format.h>

namespace dtx::compose {

namespace {

std::uint16_t single_port(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    auto range = parse_port_range(ctx.string(node, path, "a port number"));
    if (!range) {
        ctx.fail(node, path, range.error().message);
    }
    return range->front();
}

// The container port of a long-syntax port: one port, not a range.
std::uint16_t target_port(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    auto range = parse_port_range(ctx.string(node, path, "a port number"));
    if (!range || range->size() != 1) {
        ctx.fail(node, path, range ? "expected one port, not a range" : range.error().message);
    }
    return range->front();
}

void decode_long_port(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    PortMapping m;
    m.location = node.location;
    bool has_target = false;
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        if (key.text == "target") {
            m.target = target_port(ctx, value, key_path);
            has_target = true;
        } else if (key.text == "published") {
            m.host_port = single_port(ctx, value, key_path);
        } else if (key.text == "host_ip") {
            m.host_ip = ctx.string(value, key_path);
        } else if (key.text == "protocol") {
            m.protocol = ctx.string(value, key_path);
            if (m.protocol != "tcp" && m.protocol != "udp" && m.protocol != "sctp") {
                ctx.fail(value, key_path, fmt::format("unknown protocol \"{}\" (use tcp, udp or sctp)", m.protocol));
            }
        } else if (key.text == "mode") {
            m.mode = ctx.string(value, key_path);
            if (m.mode != "host" && m.mode != "ingress") {
                ctx.fail(value, key_path, fmt::format("unknown port mode \"{}\"; use host or ingress", m.mode));
            }
        } else if (key.text == "name" || key.text == "app_protocol" || key.text.starts_with("x-")) {
            continue;  // descriptive only on a single-host engine
        } else {
            ctx.fail(key, key_path,
                     fmt::format("unknown key \"{}\"; a long-syntax port has target, published, host_ip, protocol, "
                                 "mode, name and app_protocol",
                                 key.text));
        }
    }
    if (!has_target) {
        ctx.fail(node, path, "a long-syntax port needs \"target\" (the container port)");
    }
    svc.ports.push_back(std::move(m));
}

// The fields of one entry of the mapping form of depends_on (condition, required, restart).
void decode_dependency_fields(DecodeContext& ctx, Dependency& dep, const yaml::Node& value,
                              const std::string& dep_path) {
    if (!value.is_null()) {
        ctx.expect_mapping(value, dep_path);
    }
    for (const auto& [field, v] : value.entries) {
        std::string field_path = join_path(dep_path, field.text);
        if (field.text == "condition") {
            std::string text = ctx.string(v, field_path);
            if (text == "service_started") {
                dep.condition = Condition::started;
            } else if (text == "service_healthy") {
                dep.condition = Condition::healthy;
            } else if (text == "service_completed_successfully") {
                dep.condition = Condition::completed_successfully;
            } else {
                ctx.fail(v, field_path,
                         fmt::format("unknown condition \"{}\"; use service_started, service_healthy or "
                                     "service_completed_successfully",
                                     text));
            }
        } else if (field.text == "required") {
            dep.required = ctx.boolean(v, field_path);
        } else if (field.text == "restart") {
            dep.restart = ctx.boolean(v, field_path);
            ctx.warn(field, field_path, "dtx does not act on this key; it is ignored");
        } else {
            ctx.fail(field, field_path,
                     fmt::format("unknown key \"{}\"; use condition, required or restart", field.text));
        }
    }
}

}  // namespace

void decode_ports(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path, bool expose) {
    if (!node.is_sequence()) {
        ctx.fail(node, path, fmt::format("expected a list of ports, found {}", yaml::describe_kind(node)));
    }
    for (size_t i = 0; i < node.items.size(); ++i) {
        const yaml::Node& item = node.items[i];
        std::string item_path = fmt::format("{}[{}]", path, i);
        ctx.guarded([&] {
            if (item.is_mapping() && !expose) {
                decode_long_port(ctx, svc, item, item_path);
                return;
            }
            auto parsed = parse_port(ctx.string(item, item_path, "a port like \"5432\" or \"127.0.0.1:5433:5432\""));
            if (!parsed) {
                ctx.fail(item, item_path, parsed.error().message);
            }
            for (auto& m : parsed.value()) {
                if (expose && (m.host_port != 0 || !m.host_ip.empty())) {
                    ctx.fail(item, item_path, "expose takes container ports only; publish host ports with ports:");
                }
                m.location = item.location;
                (expose ? svc.expose : svc.ports).push_back(std::move(m));
            }
        });
    }
}

void decode_depends_on(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    if (node.is_sequence()) {
        for (size_t i = 0; i < node.items.size(); ++i) {
            std::string name = ctx.string(node.items[i], fmt::format("{}[{}]", path, i), "a service name");
            svc.depends_on.push_back(Dependency{name, Condition::started, true, false, node.items[i].location});
        }
        return;
    }
    if (!node.is_mapping()) {
        ctx.fail(node, path, "expected a list of service names or a mapping of service: {condition: …}");
    }
    for (const auto& [key, value] : node.entries) {
        std::string dep_path = join_path(path, key.text);
        Dependency dep{key.text, Condition::started, true, false, key.location};
        ctx.guarded([&, &value = value] { decode_dependency_fields(ctx, dep, value, dep_path); });
        svc.depends_on.push_back(std::move(dep));
    }
}

}  // namespace dtx::compose
