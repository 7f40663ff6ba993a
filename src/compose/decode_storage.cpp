#include "compose/decode_parts.hpp"
#include "util/file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace dtx::compose {

namespace {

constexpr auto k_tmpfs_flags =
    std::to_array<std::string_view>({"rw", "ro", "exec", "noexec", "suid", "nosuid", "dev", "nodev"});

std::uint32_t octal_mode(DecodeContext& ctx, const yaml::Node& at, const std::string& path, const std::string& text) {
    char* end = nullptr;
    unsigned long mode = std::strtoul(text.c_str(), &end, 8);
    if (text.empty() || end != text.c_str() + text.size() || mode > 07777) {
        ctx.fail(at, path, fmt::format("mode \"{}\" is not an octal file mode such as 1777", text));
    }
    return static_cast<std::uint32_t>(mode);
}

Tmpfs parse_tmpfs(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    std::string text = ctx.string(node, path, "a path such as /tmp or \"/tmp:size=64m\"");
    Tmpfs t;
    auto colon = text.find(':');
    t.target = text.substr(0, colon);
    if (t.target.empty() || t.target.front() != '/') {
        ctx.fail(node, path, fmt::format("tmpfs target \"{}\" must be an absolute path", t.target));
    }
    if (colon == std::string::npos) {
        return t;
    }
    std::string options = text.substr(colon + 1);
    size_t pos = 0;
    while (pos <= options.size()) {
        size_t comma = std::min(options.find(',', pos), options.size());
        std::string option = options.substr(pos, comma - pos);
        pos = comma + 1;
        if (option.starts_with("size=")) {
            yaml::Node size = yaml::Node::scalar(option.substr(5), node.location);
            t.size = ctx.byte_size(size, path);
        } else if (option.starts_with("mode=")) {
            t.mode = octal_mode(ctx, node, path, option.substr(5));
        } else if (std::find(k_tmpfs_flags.begin(), k_tmpfs_flags.end(), option) != k_tmpfs_flags.end()) {
            t.flags.push_back(option);
        } else if (!option.empty()) {
            ctx.fail(
                node, path,
                fmt::format("unknown tmpfs option \"{}\"; use size=, mode= or rw, ro, noexec, nosuid, nodev", option));
        }
    }
    return t;
}

// Bind sources: relative to the spec's directory, `~` to $HOME.
std::string resolve_host_path(const std::string& directory, const std::string& source) {
    if (source == "~" || source.starts_with("~/")) {
        const char* home = std::getenv("HOME");
        return (fs::path(home != nullptr ? home : "/") / source.substr(std::min<size_t>(2, source.size()))).string();
    }
    return util::resolve_path(directory, source);
}

bool is_host_path(const std::string& source) {
    return source.starts_with("/") || source.starts_with(".") || source.starts_with("~");
}

constexpr auto k_propagation =
    std::to_array<std::string_view>({"rprivate", "private", "rshared", "shared", "rslave", "slave"});

// The comma-separated flags after the second ':' ("ro,z").
void apply_volume_flags(DecodeContext& ctx, const yaml::Node& node, const std::string& path, const std::string& flags,
                        Mount& m) {
    size_t pos = 0;
    while (pos <= flags.size()) {
        size_t comma = std::min(flags.find(',', pos), flags.size());
        std::string flag = flags.substr(pos, comma - pos);
        pos = comma + 1;
        if (flag == "ro") {
            m.read_only = true;
        } else if (flag == "rw") {
            m.read_only = false;
        } else if (flag == "z" || flag == "Z") {
            m.selinux = flag;
        } else if (std::find(k_propagation.begin(), k_propagation.end(), flag) != k_propagation.end()) {
            m.propagation = flag;
        } else if (flag == "nocopy") {
            m.nocopy = true;
        } else if (!flag.empty()) {
            ctx.fail(node, path,
                     fmt::format("unknown volume option \"{}\"; use ro, rw, z, Z, nocopy or a propagation such as "
                                 "rshared",
                                 flag));
        }
    }
}

Mount short_volume(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    std::string text = ctx.string(node, path, "\"SOURCE:TARGET[:ro]\" or a mapping");
    std::vector<std::string> parts;
    size_t pos = 0;
    while (true) {
        size_t colon = text.find(':', pos);
        parts.push_back(text.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos));
        if (colon == std::string::npos) {
            break;
        }
        pos = colon + 1;
    }
    Mount m;
    m.location = node.location;
    if (parts.size() == 1) {
        m.type = "volume";  // anonymous
        m.target = parts[0];
    } else if (parts.size() <= 3) {
        m.source = parts[0];
        m.target = parts[1];
        m.type = is_host_path(m.source) ? "bind" : "volume";
        if (parts.size() == 3) {
            apply_volume_flags(ctx, node, path, parts[2], m);
        }
    } else {
        ctx.fail(node, path, fmt::format("\"{}\" has too many ':'; write SOURCE:TARGET[:ro]", text));
    }
    if (m.source.empty() && m.type == "bind") {
        ctx.fail(node, path, "empty bind source");
    }
    if (m.type == "bind") {
        m.source = resolve_host_path(ctx.directory(), m.source);
    }
    return m;
}

// The bind: options of a long-syntax volume (propagation, selinux; create_host_path is accepted).
void decode_bind_options(DecodeContext& ctx, Mount& m, const yaml::Node& value, const std::string& key_path) {
    ctx.expect_mapping(value, key_path);
    for (const auto& [option, v] : value.entries) {
        std::string option_path = join_path(key_path, option.text);
        if (option.text == "propagation") {
            m.propagation = ctx.string(v, option_path);
        } else if (option.text == "selinux") {
            m.selinux = ctx.string(v, option_path);
        } else if (option.text != "create_host_path") {
            ctx.warn(option, option_path, "dtx does not act on this key; it is ignored");
        }
    }
}

// Checks a decoded long-syntax volume for its required keys and resolves a bind source.
void finish_long_volume(DecodeContext& ctx, Mount& m, const yaml::Node& node, const std::string& path) {
    if (m.type.empty()) {
        ctx.fail(node, path, "a long-syntax volume needs \"type\" (bind, volume or tmpfs)");
    }
    if (m.target.empty()) {
        ctx.fail(node, path, "a volume needs \"target\" (the path in the container)");
    }
    if (m.type == "bind") {
        if (m.source.empty()) {
            ctx.fail(node, path, "a bind mount needs \"source\"");
        }
        m.source = resolve_host_path(ctx.directory(), m.source);
    }
}

Mount long_volume(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    Mount m;
    m.location = node.location;
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        if (key.text == "type") {
            m.type = ctx.string(value, key_path);
            if (m.type != "bind" && m.type != "volume" && m.type != "tmpfs") {
                ctx.fail(value, key_path, fmt::format("unknown volume type \"{}\"; use bind, volume or tmpfs", m.type));
            }
        } else if (key.text == "source") {
            m.source = ctx.string(value, key_path);
        } else if (key.text == "target") {
            m.target = ctx.string(value, key_path);
        } else if (key.text == "read_only") {
            m.read_only = ctx.boolean(value, key_path);
        } else if (key.text == "tmpfs") {
            ctx.expect_mapping(value, key_path);
            if (const yaml::Node* size = value.find("size")) {
                m.tmpfs_size = ctx.byte_size(*size, join_path(key_path, "size"));
            }
        } else if (key.text == "bind") {
            decode_bind_options(ctx, m, value, key_path);
        } else if (key.text == "volume") {
            ctx.expect_mapping(value, key_path);
            if (const yaml::Node* nocopy = value.find("nocopy")) {
                m.nocopy = ctx.boolean(*nocopy, join_path(key_path, "nocopy"));
            }
        } else if (key.text == "consistency" || key.text.starts_with("x-")) {
            continue;  // no effect on a local Linux engine
        } else {
            ctx.fail(
                key, key_path,
                fmt::format("unknown key \"{}\"; a volume has type, source, target, read_only, bind, volume, tmpfs",
                            key.text));
        }
    }
    finish_long_volume(ctx, m, node, path);
    return m;
}

}  // namespace

void decode_tmpfs(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    if (node.is_sequence()) {
        for (size_t i = 0; i < node.items.size(); ++i) {
            ctx.guarded([&] { svc.tmpfs.push_back(parse_tmpfs(ctx, node.items[i], fmt::format("{}[{}]", path, i))); });
        }
        return;
    }
    svc.tmpfs.push_back(parse_tmpfs(ctx, node, path));
}

void decode_volumes(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    if (!node.is_sequence()) {
        ctx.fail(node, path, fmt::format("expected a list of volumes, found {}", yaml::describe_kind(node)));
    }
    for (size_t i = 0; i < node.items.size(); ++i) {
        std::string item_path = fmt::format("{}[{}]", path, i);
        const yaml::Node& item = node.items[i];
        ctx.guarded([&] {
            Mount m = item.is_mapping() ? long_volume(ctx, item, item_path) : short_volume(ctx, item, item_path);
            if (m.target.empty() || m.target.front() != '/') {
                ctx.fail(item, item_path,
                         fmt::format("target \"{}\" must be an absolute path in the container", m.target));
            }
            svc.volumes.push_back(std::move(m));
        });
    }
}

}  // namespace dtx::compose
