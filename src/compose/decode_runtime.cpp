#include "compose/decode_parts.hpp"
#include "util/file.hpp"

#include <fmt/format.h>

namespace dtx::compose {

namespace {

void warn_ignored(DecodeContext& ctx, const yaml::Node& key, const std::string& path) {
    ctx.warn(key, path, "dtx does not act on this key; it is ignored");
}

void decode_resources(DecodeContext& ctx, Resources& r, const yaml::Node& node, const std::string& path) {
    ctx.expect_mapping(node, path);
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        ctx.guarded([&, &key = key, &value = value] {
            if (key.text == "cpus") {
                r.cpus = ctx.number(value, key_path);
            } else if (key.text == "memory") {
                r.memory = ctx.byte_size(value, key_path);
            } else if (key.text == "pids") {
                r.pids = ctx.integer(value, key_path);
            } else if (key.text == "devices" || key.text == "generic_resources") {
                warn_ignored(ctx, key, key_path);
            } else {
                ctx.fail(key, key_path,
                         fmt::format("unknown key \"{}\"; resources take cpus, memory and pids", key.text));
            }
        });
    }
}

// The test of a healthcheck: a shell line, or a list starting with CMD, CMD-SHELL or NONE.
void decode_health_test(DecodeContext& ctx, std::vector<std::string>& test, const yaml::Node& value,
                        const std::string& key_path) {
    if (value.is_scalar()) {
        test = {"CMD-SHELL", value.text};
        return;
    }
    test = ctx.string_list(value, key_path);
    if (test.empty() || (test[0] != "CMD" && test[0] != "CMD-SHELL" && test[0] != "NONE")) {
        ctx.fail(value, key_path,
                 "a test list starts with \"CMD\", \"CMD-SHELL\" or \"NONE\", e.g. [\"CMD\", \"pg_isready\"]");
    }
    if (test[0] == "CMD-SHELL" && test.size() != 2) {
        ctx.fail(value, key_path, "[\"CMD-SHELL\", …] takes exactly one shell command line");
    }
}

}  // namespace

void decode_healthcheck(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    ctx.expect_mapping(node, path);
    Healthcheck h;
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        ctx.guarded([&, &key = key, &value = value] {
            if (key.text == "test") {
                decode_health_test(ctx, h.test, value, key_path);
            } else if (key.text == "interval") {
                h.interval = ctx.duration(value, key_path);
            } else if (key.text == "timeout") {
                h.timeout = ctx.duration(value, key_path);
            } else if (key.text == "start_period") {
                h.start_period = ctx.duration(value, key_path);
            } else if (key.text == "start_interval") {
                h.start_interval = ctx.duration(value, key_path);
            } else if (key.text == "retries") {
                auto n = ctx.integer(value, key_path);
                if (n < 0) {
                    ctx.fail(value, key_path, "retries cannot be negative");
                }
                h.retries = static_cast<int>(n);
            } else if (key.text == "disable") {
                h.disable = ctx.boolean(value, key_path);
            } else if (!key.text.starts_with("x-")) {
                ctx.fail(key, key_path,
                         fmt::format("unknown key \"{}\"; a healthcheck has test, interval, timeout, retries, "
                                     "start_period, start_interval and disable",
                                     key.text));
            }
        });
    }
    svc.healthcheck = std::move(h);
}

void decode_deploy(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    ctx.expect_mapping(node, path);
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        if (key.text != "resources") {
            if (!key.text.starts_with("x-")) {
                warn_ignored(ctx, key, key_path);
            }
            continue;
        }
        ctx.guarded([&, &value = value] {
            ctx.expect_mapping(value, key_path);
            for (const auto& [kind, resources] : value.entries) {
                std::string kind_path = join_path(key_path, kind.text);
                ctx.guarded([&, &kind = kind, &resources = resources] {
                    if (kind.text == "limits") {
                        decode_resources(ctx, svc.limits, resources, kind_path);
                    } else if (kind.text == "reservations") {
                        decode_resources(ctx, svc.reservations, resources, kind_path);
                    } else {
                        ctx.fail(kind, kind_path,
                                 fmt::format("unknown key \"{}\"; use limits or reservations", kind.text));
                    }
                });
            }
        });
    }
}

void decode_ulimits(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    ctx.expect_mapping(node, path);
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        ctx.guarded([&, &key = key, &value = value] {
            Ulimit u;
            if (value.is_scalar()) {
                u.soft = u.hard = ctx.integer(value, key_path);
            } else {
                ctx.expect_mapping(value, key_path);
                const yaml::Node* soft = value.find("soft");
                const yaml::Node* hard = value.find("hard");
                if (soft == nullptr || hard == nullptr) {
                    ctx.fail(value, key_path, "a ulimit mapping needs both soft and hard");
                }
                u.soft = ctx.integer(*soft, join_path(key_path, "soft"));
                u.hard = ctx.integer(*hard, join_path(key_path, "hard"));
                if (u.soft > u.hard) {
                    ctx.fail(value, key_path, "soft limit is above the hard limit");
                }
            }
            svc.ulimits[key.text] = u;
        });
    }
}

namespace {

// The args of a build, into b.args.
void decode_build_args(DecodeContext& ctx, Build& b, const yaml::Node& value, const std::string& key_path) {
    for (auto& [name, arg] : ctx.key_values(value, key_path)) {
        // A valueless arg comes from dtx's environment, else the Dockerfile's default.
        auto resolved = arg ? arg : (ctx.lookup ? ctx.lookup(name) : std::nullopt);
        if (resolved) {
            b.args[name] = *resolved;
        }
    }
}

}  // namespace

// A context the engine fetches itself, as Compose tells one: a git or tarball URL.
bool is_remote_context(const std::string& context) {
    for (const char* prefix : {"http://", "https://", "git://", "git@", "ssh://", "github.com/"}) {
        if (context.starts_with(prefix)) {
            return true;
        }
    }
    return false;
}

void decode_build(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    Build b;
    b.context = ".";
    b.dockerfile = "Dockerfile";
    if (node.is_scalar()) {
        b.context = node.text;
    } else {
        ctx.expect_mapping(node, path);
        for (const auto& [key, value] : node.entries) {
            std::string key_path = join_path(path, key.text);
            ctx.guarded([&, &key = key, &value = value] {
                if (key.text == "context") {
                    b.context = ctx.string(value, key_path);
                } else if (key.text == "dockerfile") {
                    b.dockerfile = ctx.string(value, key_path);
                } else if (key.text == "dockerfile_inline") {
                    b.dockerfile_inline = ctx.string(value, key_path);
                } else if (key.text == "target") {
                    b.target = ctx.string(value, key_path);
                } else if (key.text == "args") {
                    decode_build_args(ctx, b, value, key_path);
                } else if (!key.text.starts_with("x-")) {
                    warn_ignored(ctx, key, key_path);
                }
            });
        }
    }
    b.remote = is_remote_context(b.context);
    if (b.remote && !b.dockerfile_inline.empty()) {
        ctx.error(node, path,
                  "dockerfile_inline needs a local context: the engine reads a remote one's Dockerfile from it; "
                  "set dockerfile: to its path in the repository");
    }
    if (!b.remote) {
        b.context = util::resolve_path(ctx.directory(), b.context);
    }
    svc.build = std::move(b);
}

void decode_networks(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    if (node.is_sequence()) {
        for (const auto& name : ctx.string_list(node, path)) {
            svc.networks[name];
        }
        return;
    }
    ctx.expect_mapping(node, path);
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        ServiceNetwork& n = svc.networks[key.text];
        if (value.is_null()) {
            continue;
        }
        ctx.guarded([&, &value = value] {
            ctx.expect_mapping(value, key_path);
            for (const auto& [field, v] : value.entries) {
                if (field.text == "aliases") {
                    n.aliases = ctx.string_list(v, join_path(key_path, "aliases"));
                } else if (!field.text.starts_with("x-")) {
                    warn_ignored(ctx, field, join_path(key_path, field.text));
                }
            }
        });
    }
}

}  // namespace dtx::compose
