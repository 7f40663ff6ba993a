#include "compose/dtx_extension.hpp"

#include "compose/template.hpp"
#include "util/file.hpp"
#include "util/glob.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <regex>

namespace fs = std::filesystem;

namespace dtx::compose {

namespace {

constexpr auto k_service_fields =
    std::to_array<std::string_view>({"wait", "wait-timeout", "export", "init", "kind", "allow-failure"});
constexpr auto k_project_fields = std::to_array<std::string_view>({"wait-timeout", "export"});
// generic (or none) is no kind: it turns detection from the image name off.
constexpr auto k_kinds = std::to_array<std::string_view>(
    {"postgres", "mysql", "redis", "memcached", "s3", "dynamodb", "http", "generic", "none"});
constexpr auto k_strategies = std::to_array<std::string_view>(
    {"tcp", "http", "log", "exec", "postgres", "mysql", "redis", "memcached", "healthcheck", "all"});

bool contains(std::span<const std::string_view> list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

std::string list_of(std::span<const std::string_view> list) {
    std::string out;
    for (auto w : list) {
        out += (out.empty() ? "" : ", ") + std::string(w);
    }
    return out;
}

[[noreturn]] void unknown(DecodeContext& ctx, const yaml::Node& at, const std::string& path, const std::string& word,
                          std::span<const std::string_view> known, const char* what) {
    std::string hint = closest_key(word, known);
    ctx.fail(at, path,
             hint.empty() ? fmt::format("unknown {} \"{}\"; use {}", what, word, list_of(known))
                          : fmt::format("unknown {} \"{}\"; did you mean \"{}\"?", what, word, hint));
}

void check_fields(DecodeContext& ctx, const yaml::Node& node, const std::string& path,
                  std::span<const std::string_view> known, const char* what) {
    for (const auto& [key, value] : node.entries) {
        if (!contains(known, key.text)) {
            ctx.guarded([&, &key = key] { unknown(ctx, key, join_path(path, key.text), key.text, known, what); });
        }
    }
}

std::uint16_t port_of(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    auto n = ctx.integer(node, path);
    if (n < 1 || n > 65535) {
        ctx.fail(node, path, fmt::format("{} is not a port number (1-65535)", n));
    }
    return static_cast<std::uint16_t>(n);
}

// A regular expression (ECMAScript, as the probes use it), refused here when it does not compile.
std::string regex_of(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    std::string text = ctx.string(node, path, "a regular expression");
    try {
        std::regex re(text);
    } catch (const std::regex_error& e) {
        ctx.fail(node, path, fmt::format("\"{}\" is not a valid regular expression: {}", text, e.what()));
    }
    return text;
}

WaitStrategy decode_wait(DecodeContext& ctx, const yaml::Node& node, const std::string& path);

// An HTTP method: a word in capitals.
void decode_http_method(DecodeContext& ctx, std::string& method, const yaml::Node& value, const std::string& key_path) {
    method = ctx.string(value, key_path);
    if (method.empty() ||
        !std::all_of(method.begin(), method.end(), [](unsigned char c) { return std::isupper(c) != 0; })) {
        ctx.fail(value, key_path, "an HTTP method is a word in capitals, such as GET or HEAD");
    }
}

// The option keys of a wait strategy; check_fields reports those it does not take, skipped here.
void decode_wait_fields(DecodeContext& ctx, WaitStrategy& w, const yaml::Node& options, const std::string& path) {
    for (const auto& [key, value] : options.entries) {
        std::string key_path = join_path(path, key.text);
        if (key.text == "port") {
            w.port = port_of(ctx, value, key_path);
        } else if (key.text == "path") {
            w.path = ctx.string(value, key_path);
            if (!w.path.starts_with("/")) {
                ctx.fail(value, key_path, "an HTTP path starts with '/'");
            }
        } else if (key.text == "status") {
            auto n = ctx.integer(value, key_path);
            if (n < 100 || n > 599) {
                ctx.fail(value, key_path, fmt::format("{} is not an HTTP status (100-599)", n));
            }
            w.status = static_cast<int>(n);
        } else if (key.text == "method") {
            decode_http_method(ctx, w.method, value, key_path);
        } else if (key.text == "https") {
            w.https = ctx.boolean(value, key_path);
        } else if (key.text == "insecure") {
            w.insecure = ctx.boolean(value, key_path);
        } else if (key.text == "body") {
            w.body = regex_of(ctx, value, key_path);
        } else if (key.text == "regex") {
            w.regex = regex_of(ctx, value, key_path);
        } else if (key.text == "occurrences") {
            auto n = ctx.integer(value, key_path);
            if (n < 1) {
                ctx.fail(value, key_path, "occurrences must be 1 or more");
            }
            w.occurrences = static_cast<int>(n);
        } else if (key.text == "command") {
            w.command = ctx.command(value, key_path);
        }
    }
}

void decode_wait_options(DecodeContext& ctx, WaitStrategy& w, const yaml::Node& options, const std::string& path) {
    if (w.kind == "all") {
        if (!options.is_sequence() || options.items.empty()) {
            ctx.fail(options, path, "all takes a non-empty list of strategies");
        }
        for (size_t i = 0; i < options.items.size(); ++i) {
            w.all.push_back(decode_wait(ctx, options.items[i], fmt::format("{}[{}]", path, i)));
        }
        return;
    }
    if (w.kind == "exec" && (options.is_scalar() || options.is_sequence())) {
        w.command = ctx.command(options, path);
        return;
    }
    if (options.is_null()) {
        return;
    }
    ctx.expect_mapping(options, path);
    static const std::map<std::string, std::vector<std::string_view>> k_fields = {
        {"tcp", {"port"}},
        {"http", {"port", "method", "path", "status", "body", "https", "insecure"}},
        {"log", {"regex", "occurrences"}},
        {"exec", {"command"}},
        {"postgres", {"port"}},
        {"mysql", {"port"}},
        {"redis", {"port"}},
        {"memcached", {"port"}},
        {"healthcheck", {}},
    };
    const auto& known = k_fields.at(w.kind);
    check_fields(ctx, options, path, known, fmt::format("{} option", w.kind).c_str());
    decode_wait_fields(ctx, w, options, path);
    if (w.kind == "log" && w.regex.empty()) {
        ctx.fail(options, path, "log needs \"regex\": the line that means ready");
    }
    if (w.kind == "exec" && w.command.empty()) {
        ctx.fail(options, path, "exec needs a command");
    }
}

WaitStrategy decode_wait(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    WaitStrategy w;
    w.location = node.location;
    if (node.is_scalar()) {
        w.kind = node.text;
        if (!contains(k_strategies, w.kind)) {
            unknown(ctx, node, path, w.kind, k_strategies, "wait strategy");
        }
        if (w.kind == "log" || w.kind == "exec" || w.kind == "all") {
            ctx.fail(node, path, fmt::format("{} needs options, e.g. {{{}: …}}", w.kind, w.kind));
        }
        return w;
    }
    if (!node.is_mapping() || node.entries.size() != 1) {
        ctx.fail(node, path,
                 "expected a strategy name (tcp, postgres, …) or a mapping with exactly one strategy, "
                 "e.g. {http: {path: /health}}");
    }
    const auto& [key, options] = node.entries.front();
    w.kind = key.text;
    if (!contains(k_strategies, w.kind)) {
        unknown(ctx, key, join_path(path, w.kind), w.kind, k_strategies, "wait strategy");
    }
    decode_wait_options(ctx, w, options, join_path(path, w.kind));
    return w;
}

// `svc`: the service whose x-dtx this is, its environment already decoded; null at top level.
std::map<std::string, std::string> decode_exports(DecodeContext& ctx, const yaml::Node& node, const std::string& path,
                                                  const Service* svc) {
    ctx.expect_mapping(node, path);
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        ctx.guarded([&, &key = key, &value = value] {
            // `dtx env` prints `export NAME=…` for a shell to eval: the name must be one it takes.
            if (!is_env_name(key.text)) {
                ctx.fail(key, key_path,
                         "an exported variable's name is letters, digits and '_', not starting with a digit");
            }
            std::string text = ctx.string(value, key_path, "a template string");
            auto scope = svc == nullptr ? TemplateScope::project : TemplateScope::service;
            if (auto status = check_template(text, scope); !status) {
                ctx.fail(value, key_path, status.error().message);
            }
            // The service's environment is all {env:NAME} reads, and it is known now: check it here
            // rather than after the services started.
            for (const auto& name : svc == nullptr ? std::vector<std::string>{} : template_env_names(text)) {
                auto it = svc->environment.find(name);
                if (it == svc->environment.end() || !it->second) {
                    ctx.fail(value, key_path,
                             fmt::format("{{env:{}}}: services.{} gives {} no value (in environment or env_file)", name,
                                         svc->name, name));
                }
            }
            out[key.text] = text;
        });
    }
    return out;
}

// An SQL step's file, or one step per file of a glob (sorted by name). Relative paths are the
// spec directory's, as with every path in a Compose file.
void add_sql_steps(DecodeContext& ctx, const yaml::Node& node, const std::string& path, std::vector<InitStep>& steps) {
    std::string file = ctx.string(node, path, "an SQL file path");
    if (file.empty()) {
        ctx.fail(node, path, "an SQL file path cannot be empty");
    }
    std::string resolved = (fs::path(ctx.directory()) / file).lexically_normal().string();
    std::vector<std::string> files;
    if (util::is_regular_file(resolved) || !util::has_glob_chars(file)) {
        if (!util::is_regular_file(resolved)) {
            ctx.fail(node, path, fmt::format("SQL file {} not found", resolved));
        }
        files.push_back(resolved);
    } else {
        auto matched = util::glob_files(ctx.directory(), file);
        if (!matched) {
            ctx.fail(node, path, matched.error().message);
        }
        if (matched->empty()) {
            ctx.fail(node, path, fmt::format("no SQL file matches {}", resolved));
        }
        files = std::move(matched.value());
    }
    for (auto& f : files) {
        InitStep step;
        step.sql_file = fs::path(f).lexically_normal().string();
        step.location = node.location;
        steps.push_back(std::move(step));
    }
}

// {run: "line"} is a shell line, as a user types it; {run: [argv…]} runs without a shell.
std::vector<std::string> host_command(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    std::vector<std::string> argv;
    if (node.is_scalar()) {
        argv = {"/bin/sh", "-c", ctx.string(node, path, "a command")};
        if (argv.back().empty()) {
            ctx.fail(node, path, "run needs a command");
        }
    } else {
        argv = ctx.string_list(node, path);
        if (argv.empty() || argv.front().empty()) {
            ctx.fail(node, path, "run needs a command");
        }
    }
    return argv;
}

std::vector<InitStep> decode_init(DecodeContext& ctx, const yaml::Node& node, const std::string& path) {
    constexpr auto k_step_kinds = std::to_array<std::string_view>({"sql", "exec", "run"});
    if (!node.is_sequence()) {
        ctx.fail(node, path, "expected a list of steps: SQL files, {exec: COMMAND} or {run: COMMAND}");
    }
    std::vector<InitStep> steps;
    for (size_t i = 0; i < node.items.size(); ++i) {
        const yaml::Node& item = node.items[i];
        std::string item_path = fmt::format("{}[{}]", path, i);
        ctx.guarded([&] {
            if (item.is_scalar()) {
                add_sql_steps(ctx, item, item_path, steps);
                return;
            }
            ctx.expect_mapping(item, item_path);
            check_fields(ctx, item, item_path, k_step_kinds, "init step");
            if (item.entries.size() != 1) {
                ctx.fail(item, item_path, "an init step is one of {sql: FILE}, {exec: COMMAND} or {run: COMMAND}");
            }
            const auto& [key, value] = item.entries.front();
            if (!contains(k_step_kinds, key.text)) {
                throw Invalid{};  // check_fields said so
            }
            std::string key_path = join_path(item_path, key.text);
            InitStep step;
            step.location = item.location;
            if (key.text == "sql") {
                add_sql_steps(ctx, value, key_path, steps);
                return;
            }
            if (key.text == "exec") {
                step.command = ctx.command(value, key_path);
                if (step.command.empty()) {
                    ctx.fail(value, key_path, "exec needs a command");
                }
            } else {
                step.run = host_command(ctx, value, key_path);
            }
            steps.push_back(std::move(step));
        });
    }
    return steps;
}

}  // namespace

void decode_service_extension(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path) {
    ctx.expect_mapping(node, path);
    check_fields(ctx, node, path, k_service_fields, "x-dtx field");
    DtxService& d = svc.dtx;
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        ctx.guarded([&, &key = key, &value = value] {
            if (key.text == "wait") {
                d.wait = decode_wait(ctx, value, key_path);
            } else if (key.text == "wait-timeout") {
                d.wait_timeout = ctx.duration(value, key_path);
            } else if (key.text == "export") {
                d.exports = decode_exports(ctx, value, key_path, &svc);
            } else if (key.text == "init") {
                d.init = decode_init(ctx, value, key_path);
            } else if (key.text == "kind") {
                d.kind = ctx.string(value, key_path);
                if (!contains(k_kinds, d.kind)) {
                    unknown(ctx, value, key_path, d.kind, k_kinds, "kind");
                }
            } else if (key.text == "allow-failure") {
                d.allow_failure = ctx.boolean(value, key_path);
            }
        });
    }
}

void decode_project_extension(DecodeContext& ctx, Project& project, const yaml::Node& node) {
    ctx.expect_mapping(node, "x-dtx");
    check_fields(ctx, node, "x-dtx", k_project_fields, "x-dtx field");
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path("x-dtx", key.text);
        ctx.guarded([&, &key = key, &value = value] {
            if (key.text == "wait-timeout") {
                project.wait_timeout = ctx.duration(value, key_path);
            } else if (key.text == "export") {
                project.exports = decode_exports(ctx, value, key_path, nullptr);
            }
        });
    }
}

}  // namespace dtx::compose
