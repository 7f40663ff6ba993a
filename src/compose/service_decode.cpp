#include "compose/decode_parts.hpp"
#include "compose/dtx_extension.hpp"
#include "util/file.hpp"
#include "vars/dotenv.hpp"

#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <unordered_map>

namespace fs = std::filesystem;

namespace dtx::compose {

namespace {

using KeyDecoder = std::function<void(DecodeContext&, Service&, const yaml::Node&, const std::string&)>;

void load_env_file(DecodeContext& ctx, Service& svc, const yaml::Node& at, const std::string& path,
                   const std::string& file, bool required, const EnvLookup& lookup) {
    std::string full = (fs::path(ctx.directory()) / file).lexically_normal().string();
    auto text = util::read_text_file(full);
    if (!text) {
        if (text.error().code != util::Errc::not_found) {
            ctx.fail(at, path, fmt::format("cannot read env file {}: {}", full, text.error().message));
        }
        if (required) {
            ctx.fail(at, path, fmt::format("env file {} not found; create it or mark it `required: false`", full));
        }
        return;
    }
    auto entries = vars::parse_dotenv(text.value(), lookup);
    if (!entries) {
        ctx.fail(at, path, fmt::format("{}: {}", full, entries.error().message));
    }
    for (const auto& e : entries.value()) {
        svc.environment[e.key] = e.value;
    }
}

void decode_env_file(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path,
                     const EnvLookup& lookup) {
    if (node.is_scalar()) {
        load_env_file(ctx, svc, node, path, node.text, true, lookup);
        return;
    }
    if (!node.is_sequence()) {
        ctx.fail(node, path, "expected a file name or a list of them");
    }
    for (size_t i = 0; i < node.items.size(); ++i) {
        const yaml::Node& item = node.items[i];
        std::string item_path = fmt::format("{}[{}]", path, i);
        ctx.guarded([&] {
            if (item.is_scalar()) {
                load_env_file(ctx, svc, item, item_path, item.text, true, lookup);
                return;
            }
            ctx.expect_mapping(item, item_path);
            const yaml::Node* file = item.find("path");
            if (file == nullptr) {
                ctx.fail(item, item_path, "an env_file entry needs \"path\"");
            }
            const yaml::Node* required = item.find("required");
            bool is_required = required == nullptr || ctx.boolean(*required, join_path(item_path, "required"));
            load_env_file(ctx, svc, item, item_path, ctx.string(*file, join_path(item_path, "path")), is_required,
                          lookup);
        });
    }
}

std::vector<std::string> extra_hosts(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    std::vector<std::string> out;
    if (node.is_mapping()) {
        for (const auto& [key, value] : node.entries) {
            out.push_back(key.text + ":" + ctx.string(value, join_path(path, key.text), "an IP address"));
        }
        return out;
    }
    for (auto entry : ctx.string_list(node, path)) {
        auto eq = entry.find('=');
        if (eq != std::string::npos) {
            entry[eq] = ':';  // Compose accepts both "host=ip" and "host:ip"
        }
        if (entry.find(':') == std::string::npos) {
            ctx.fail(node, path, fmt::format("extra host \"{}\" needs the form HOST:IP", entry));
        }
        out.push_back(entry);
    }
    return out;
}

std::string pull_policy(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    std::string text = ctx.string(node, path);
    if (text == "if_not_present") {
        return "missing";
    }
    if (text != "always" && text != "never" && text != "missing" && text != "build") {
        ctx.fail(node, path, fmt::format("unknown pull_policy \"{}\"; use missing, always, never or build", text));
    }
    return text;
}

const std::unordered_map<std::string, KeyDecoder>& decoders() {
    using C = DecodeContext;
    using S = Service;
    using N = yaml::Node;
    using P = std::string;
    static const std::unordered_map<std::string, KeyDecoder> table = {
        {"image", [](C& c, S& s, const N& n, const P& p) { s.image = c.string(n, p, "an image name"); }},
        {"build", decode_build},
        {"command",
         [](C& c, S& s, const N& n, const P& p) {
             if (!n.is_null()) {
                 s.command = c.command(n, p);
             }
         }},
        {"entrypoint",
         [](C& c, S& s, const N& n, const P& p) {
             if (!n.is_null()) {
                 s.entrypoint = c.command(n, p);
             }
         }},
        {"labels", [](C& c, S& s, const N& n, const P& p) { s.labels = c.labels(n, p); }},
        {"ports", [](C& c, S& s, const N& n, const P& p) { decode_ports(c, s, n, p, false); }},
        {"expose", [](C& c, S& s, const N& n, const P& p) { decode_ports(c, s, n, p, true); }},
        {"depends_on", decode_depends_on},
        {"healthcheck", decode_healthcheck},
        {"tmpfs", decode_tmpfs},
        {"volumes", decode_volumes},
        {"deploy", decode_deploy},
        {"mem_limit", [](C& c, S& s, const N& n, const P& p) { s.limits.memory = c.byte_size(n, p); }},
        {"cpus", [](C& c, S& s, const N& n, const P& p) { s.limits.cpus = c.number(n, p); }},
        {"pids_limit", [](C& c, S& s, const N& n, const P& p) { s.limits.pids = c.integer(n, p); }},
        {"shm_size", [](C& c, S& s, const N& n, const P& p) { s.shm_size = c.byte_size(n, p); }},
        {"profiles", [](C& c, S& s, const N& n, const P& p) { s.profiles = c.string_list(n, p); }},
        {"user", [](C& c, S& s, const N& n, const P& p) { s.user = c.string(n, p); }},
        {"working_dir", [](C& c, S& s, const N& n, const P& p) { s.working_dir = c.string(n, p); }},
        {"hostname", [](C& c, S& s, const N& n, const P& p) { s.hostname = c.string(n, p); }},
        {"extra_hosts", [](C& c, S& s, const N& n, const P& p) { s.extra_hosts = extra_hosts(c, n, p); }},
        {"init", [](C& c, S& s, const N& n, const P& p) { s.init = c.boolean(n, p); }},
        {"stop_signal", [](C& c, S& s, const N& n, const P& p) { s.stop_signal = c.string(n, p); }},
        {"stop_grace_period", [](C& c, S& s, const N& n, const P& p) { s.stop_grace_period = c.duration(n, p); }},
        {"ulimits", decode_ulimits},
        {"cap_add", [](C& c, S& s, const N& n, const P& p) { s.cap_add = c.string_list(n, p); }},
        {"cap_drop", [](C& c, S& s, const N& n, const P& p) { s.cap_drop = c.string_list(n, p); }},
        {"platform", [](C& c, S& s, const N& n, const P& p) { s.platform = c.string(n, p); }},
        {"pull_policy", [](C& c, S& s, const N& n, const P& p) { s.pull_policy = pull_policy(c, n, p); }},
        {"networks", decode_networks},
        {"links", decode_links},
        {"volumes_from", decode_volumes_from},
        {"network_mode", [](C& c, S& s, const N& n, const P& p) { decode_namespace_mode(c, s, n, p, "network_mode"); }},
        {"ipc", [](C& c, S& s, const N& n, const P& p) { decode_namespace_mode(c, s, n, p, "ipc"); }},
        {"pid", [](C& c, S& s, const N& n, const P& p) { decode_namespace_mode(c, s, n, p, "pid"); }},
    };
    return table;
}

}  // namespace

Service decode_service(DecodeContext& ctx, const std::string& name, const yaml::Node& node, const EnvLookup& lookup) {
    std::string path = "services." + name;
    Service svc;
    svc.name = name;
    svc.location = node.location;
    if (node.is_null()) {
        ctx.fail(node, path, "the service is empty; give it at least \"image:\"");
    }
    ctx.expect_mapping(node, path);
    ctx.check_keys(node, path, service_key_support, service_keys(), "see the Compose service keys in `man dtx`");
    // env_file first: `environment` overrides what the files set.
    if (const yaml::Node* env_file = node.find("env_file")) {
        ctx.guarded([&] { decode_env_file(ctx, svc, *env_file, path + ".env_file", lookup); });
    }
    if (const yaml::Node* environment = node.find("environment")) {
        ctx.guarded([&] {
            for (auto& [k, v] : ctx.key_values(*environment, path + ".environment")) {
                svc.environment[k] = v ? v : (lookup ? lookup(k) : std::nullopt);
            }
        });
    }
    const auto& table = decoders();
    for (const auto& [key, value] : node.entries) {
        auto it = table.find(key.text);
        if (it != table.end()) {
            ctx.guarded([&, &key = key, &value = value] { it->second(ctx, svc, value, join_path(path, key.text)); });
        } else if (key.text == "x-dtx") {
            ctx.guarded([&, &key = key, &value = value] {
                decode_service_extension(ctx, svc, value, join_path(path, key.text));
            });
        }
    }
    drop_implied_duplicates(svc);
    if (svc.image.empty() && !svc.build && node.find("image") == nullptr && node.find("extends") == nullptr) {
        ctx.error(node, path, "no image and no build; add \"image: NAME[:TAG]\" or \"build: DIR\"");
    }
    return svc;
}

}  // namespace dtx::compose
