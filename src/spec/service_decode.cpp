#include "spec/decode_context.hpp"
#include "spec/keys.hpp"
#include "spec/ports.hpp"
#include "spec/shell_split.hpp"

#include <fmt/format.h>

namespace dtx::spec {

namespace {

void put_env(const DecodeContext& ctx, Service& svc, const std::string& key, const YAML::Node& value,
             const std::string& path) {
    if (key.empty()) {
        ctx.fail(value, path, "empty variable name");
    }
    if (value.IsNull()) {
        // Compose takes a variable without a value from dtx's own environment, or leaves it out.
        if (auto from_env = ctx.lookup_env ? ctx.lookup_env(key) : std::nullopt) {
            svc.environment[key] = *from_env;
        }
        return;
    }
    svc.environment[key] = ctx.scalar(value, path, "a string, number or boolean");
}

void decode_environment(const DecodeContext& ctx, Service& svc, const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) {
        for (const auto& entry : node) {
            std::string key = ctx.scalar(entry.first, path, "a variable name");
            put_env(ctx, svc, key, entry.second, path + "." + key);
        }
    } else if (node.IsSequence()) {
        for (size_t i = 0; i < node.size(); ++i) {
            std::string item_path = fmt::format("{}[{}]", path, i);
            std::string item = ctx.scalar(node[i], item_path, "\"KEY=VALUE\"");
            auto eq = item.find('=');
            if (eq == std::string::npos) {
                put_env(ctx, svc, item, YAML::Node(YAML::NodeType::Null), item_path);
            } else {
                if (eq == 0) {
                    ctx.fail(node[i], item_path, "empty variable name before '='");
                }
                svc.environment[item.substr(0, eq)] = item.substr(eq + 1);
            }
        }
    } else if (!node.IsNull()) {
        ctx.fail(node, path, "expected a mapping or a list of \"KEY=VALUE\"");
    }
}

std::vector<std::string> decode_command(const DecodeContext& ctx, const YAML::Node& node, const std::string& path) {
    if (node.IsSequence()) {
        std::vector<std::string> words;
        for (size_t i = 0; i < node.size(); ++i) {
            words.push_back(ctx.scalar(node[i], fmt::format("{}[{}]", path, i)));
        }
        return words;
    }
    auto words = shell_split(ctx.scalar(node, path, "a string or a list of strings"));
    if (!words) {
        ctx.fail(node, path, words.error().message);
    }
    return std::move(words.value());
}

std::uint16_t decode_target(const DecodeContext& ctx, const YAML::Node& node, const std::string& path) {
    auto range = parse_port_range(ctx.scalar(node, path, "a port number"));
    if (!range || range->size() != 1) {
        ctx.fail(node, path, range ? "expected one port, not a range" : range.error().message);
    }
    return range->front();
}

void decode_long_port(const DecodeContext& ctx, Service& svc, const YAML::Node& node, const std::string& path) {
    PortMapping m;
    m.location = ctx.where(node);
    bool has_target = false;
    for (const auto& entry : node) {
        std::string key = ctx.scalar(entry.first, path, "a key");
        std::string key_path = path + "." + key;
        if (key == "target") {
            m.target = decode_target(ctx, entry.second, key_path);
            has_target = true;
        } else if (key == "published") {
            auto range = parse_port_range(ctx.scalar(entry.second, key_path, "a port number"));
            if (!range) {
                ctx.fail(entry.second, key_path, range.error().message);
            }
            m.host_port = range->front();
        } else if (key == "host_ip") {
            m.host_ip = ctx.scalar(entry.second, key_path);
        } else if (key == "protocol") {
            m.protocol = ctx.scalar(entry.second, key_path);
            if (m.protocol != "tcp" && m.protocol != "udp" && m.protocol != "sctp") {
                ctx.fail(entry.second, key_path,
                         fmt::format("unknown protocol \"{}\" (use tcp, udp or sctp)", m.protocol));
            }
        } else if (key == "mode" || key == "name" || key == "app_protocol" || key.starts_with("x-")) {
            continue;  // descriptive only for a single-host engine
        } else {
            ctx.fail(entry.first, key_path,
                     fmt::format("unknown key \"{}\"; a long-syntax port has target, published, host_ip, protocol, "
                                 "mode, name, app_protocol",
                                 key));
        }
    }
    if (!has_target) {
        ctx.fail(node, path, "a long-syntax port needs \"target\" (the container port)");
    }
    svc.ports.push_back(std::move(m));
}

void decode_ports(const DecodeContext& ctx, Service& svc, const YAML::Node& node, const std::string& path,
                  bool expose) {
    if (!node.IsSequence()) {
        ctx.fail(node, path, "expected a list of ports");
    }
    for (size_t i = 0; i < node.size(); ++i) {
        std::string item_path = fmt::format("{}[{}]", path, i);
        if (node[i].IsMap() && !expose) {
            decode_long_port(ctx, svc, node[i], item_path);
            continue;
        }
        std::string text = ctx.scalar(node[i], item_path, "a port like \"5432\" or \"127.0.0.1:5433:5432\"");
        auto parsed = parse_port(text);
        if (!parsed) {
            ctx.fail(node[i], item_path, parsed.error().message);
        }
        for (auto& m : parsed.value()) {
            if (expose && (m.host_port != 0 || !m.host_ip.empty())) {
                ctx.fail(node[i], item_path, "expose takes container ports only; use ports to publish a host port");
            }
            m.location = ctx.where(node[i]);
            (expose ? svc.expose : svc.ports).push_back(std::move(m));
        }
    }
}

Condition decode_condition(const DecodeContext& ctx, const YAML::Node& node, const std::string& path) {
    std::string text = ctx.scalar(node, path);
    if (text == "service_started") {
        return Condition::started;
    }
    if (text == "service_healthy") {
        return Condition::healthy;
    }
    if (text == "service_completed_successfully") {
        return Condition::completed_successfully;
    }
    ctx.fail(node, path,
             fmt::format("unknown condition \"{}\"; use service_started, service_healthy or "
                         "service_completed_successfully",
                         text));
}

void decode_depends_on(const DecodeContext& ctx, Service& svc, const YAML::Node& node, const std::string& path) {
    if (node.IsSequence()) {
        for (size_t i = 0; i < node.size(); ++i) {
            std::string name = ctx.scalar(node[i], fmt::format("{}[{}]", path, i), "a service name");
            svc.depends_on.push_back(Dependency{name, Condition::started, ctx.where(node[i])});
        }
        return;
    }
    if (!node.IsMap()) {
        ctx.fail(node, path, "expected a list of service names or a mapping of service: {condition: ...}");
    }
    for (const auto& entry : node) {
        std::string name = ctx.scalar(entry.first, path, "a service name");
        std::string dep_path = path + "." + name;
        Dependency dep{name, Condition::started, ctx.where(entry.first)};
        if (!entry.second.IsNull()) {
            ctx.expect_map(entry.second, dep_path);
            for (const auto& field : entry.second) {
                std::string key = ctx.scalar(field.first, dep_path, "a key");
                if (key == "condition") {
                    dep.condition = decode_condition(ctx, field.second, dep_path + ".condition");
                } else if (key == "required" || key == "restart") {
                    ctx.warn(field.first, dep_path + "." + key, "dtx does not act on this key yet; it is ignored");
                } else {
                    ctx.fail(field.first, dep_path + "." + key,
                             fmt::format("unknown key \"{}\"; use condition, required or restart", key));
                }
            }
        }
        svc.depends_on.push_back(std::move(dep));
    }
}

}  // namespace

Service decode_service(const DecodeContext& ctx, const std::string& name, const YAML::Node& node) {
    std::string path = "services." + name;
    Service svc;
    svc.name = name;
    svc.location = ctx.where(node);
    ctx.expect_map(node, path);
    ctx.check_keys(node, path, service_key_support, service_keys(), "see the Compose service keys in `man dtx`");
    for (const auto& entry : node) {
        std::string key = entry.first.Scalar();
        std::string key_path = path + "." + key;
        const YAML::Node& value = entry.second;
        if (key == "image") {
            svc.image = ctx.scalar(value, key_path, "an image name");
        } else if (key == "environment") {
            decode_environment(ctx, svc, value, key_path);
        } else if (key == "command") {
            if (!value.IsNull()) {
                svc.command = decode_command(ctx, value, key_path);
            }
        } else if (key == "ports") {
            decode_ports(ctx, svc, value, key_path, false);
        } else if (key == "expose") {
            decode_ports(ctx, svc, value, key_path, true);
        } else if (key == "depends_on") {
            decode_depends_on(ctx, svc, value, key_path);
        } else if (key == "x-dtx") {
            ctx.warn(entry.first, key_path, "dtx does not act on x-dtx settings yet; they are ignored");
        }
    }
    if (svc.image.empty()) {
        ctx.fail(node, path,
                 node["build"] ? "this service only has build:, which dtx cannot build yet; give it an image"
                               : "no image; add \"image: NAME[:TAG]\"");
    }
    return svc;
}

}  // namespace dtx::spec
