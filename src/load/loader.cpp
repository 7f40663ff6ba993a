#include "load/loader.hpp"

#include "compose/decode_context.hpp"
#include "compose/dtx_extension.hpp"
#include "compose/keys.hpp"
#include "compose/validate.hpp"
#include "load/extends.hpp"
#include "load/include_key.hpp"
#include "load/merge.hpp"
#include "load/override_files.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/ids.hpp"
#include "util/strings.hpp"
#include "vars/dotenv.hpp"
#include "vars/interpolate.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace fs = std::filesystem;

namespace dtx::load {

namespace {

constexpr const char* k_discovery_order[] = {
    "dtx.yaml", "dtx.yml", "compose.test.yaml", "docker-compose.test.yml", "compose.yaml", "docker-compose.yml"};
constexpr const char* k_service_name_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

bool read_file(const std::string& path, std::string& text) {
    auto content = util::read_text_file(path);
    if (!content) {
        return false;
    }
    text = std::move(content.value());
    return true;
}

// Variables for interpolation: the process environment first, then the --env-file files (later
// ones win), or by default the `.env` beside the first spec file when it exists.
class ProjectEnv {
public:
    ProjectEnv(const EnvLookup& process, const std::string& directory, const std::vector<std::string>& env_files,
               compose::DecodeContext& ctx)
        : m_process(process) {
        if (env_files.empty()) {
            load((fs::path(directory) / ".env").string(), false, ctx);
        }
        for (const auto& file : env_files) {
            load(file, true, ctx);
        }
    }

    std::optional<std::string> operator()(const std::string& name) const {
        if (auto v = m_process ? m_process(name) : std::nullopt) {
            return v;
        }
        auto it = m_dotenv.find(name);
        return it == m_dotenv.end() ? std::nullopt : std::optional<std::string>(it->second);
    }

private:
    void load(const std::string& path, bool required, compose::DecodeContext& ctx) {
        auto content = util::read_text_file(path);
        if (!content) {
            if (required || content.error().code != util::Errc::not_found) {
                ctx.errors.push_back({yaml::Location{}, required ? "--env-file" : ".env",
                                      fmt::format("cannot read {}: {}", path, content.error().message)});
            }
            return;
        }
        const std::string& text = content.value();
        auto entries = vars::parse_dotenv(text, m_process);
        if (!entries) {
            ctx.errors.push_back({yaml::Location{path, 0, 0}, "", entries.error().message});
            return;
        }
        for (auto& e : entries.value()) {
            m_dotenv[e.key] = e.value;
        }
    }

    EnvLookup m_process;
    std::map<std::string, std::string> m_dotenv;
};

// Interpolates every scalar value (keys stay as written), warning once per unset variable.
void interpolate_tree(compose::DecodeContext& ctx, yaml::Node& node, const std::string& path,
                      const vars::VarLookup& lookup, std::set<std::string>& warned) {
    switch (node.kind) {
    case yaml::Node::Kind::scalar: {
        auto result = vars::interpolate(node.text, lookup);
        if (!result) {
            ctx.error(node, path, result.error().message);
            return;
        }
        node.text = std::move(result->text);
        for (const auto& name : result->unset) {
            if (warned.insert(name).second) {
                ctx.warn(node, path, fmt::format("variable {} is not set; it becomes an empty string", name));
            }
        }
        break;
    }
    case yaml::Node::Kind::sequence:
        for (size_t i = 0; i < node.items.size(); ++i) {
            interpolate_tree(ctx, node.items[i], fmt::format("{}[{}]", path, i), lookup, warned);
        }
        break;
    case yaml::Node::Kind::mapping:
        for (auto& [key, value] : node.entries) {
            interpolate_tree(ctx, value, compose::join_path(path, key.text), lookup, warned);
        }
        break;
    case yaml::Node::Kind::null:
        break;
    }
}

std::string choose_project_name(compose::DecodeContext& ctx, const yaml::Node& root, const LoadOptions& options,
                                const std::string& directory) {
    auto check = [&](const std::string& name, const yaml::Node* at, const char* source) {
        if (normalize_project_name(name) != name) {
            std::string message = fmt::format(
                "project name \"{}\" must be lowercase letters, digits, '-' or '_', "
                "starting with a letter or digit",
                name);
            if (at != nullptr) {
                ctx.error(*at, "name", message);
            } else {
                ctx.errors.push_back({yaml::Location{}, source, message});
            }
        }
        return name;
    };
    if (!options.project_name.empty()) {
        return check(options.project_name, nullptr, "-p/--project-name");
    }
    if (auto env = options.lookup_env ? options.lookup_env("COMPOSE_PROJECT_NAME") : std::nullopt;
        env && !env->empty()) {
        return check(*env, nullptr, "COMPOSE_PROJECT_NAME");
    }
    if (const yaml::Node* name = root.find("name"); name != nullptr && name->is_scalar() && !name->text.empty()) {
        return check(name->text, name, "name");
    }
    std::string from_dir = normalize_project_name(fs::path(directory).filename().string());
    return from_dir.empty() ? "dtx" : from_dir;
}

// One entry of top-level volumes: or networks: (`value` a mapping or null) at `path`.
compose::NamedResource decode_named_resource(compose::DecodeContext& ctx, const std::string& key,
                                             const yaml::Node& value, const std::string& path,
                                             const std::string& project) {
    compose::NamedResource resource{project + "_" + key, false};
    bool named = false;
    ctx.guarded([&] {
        if (value.is_null()) {
            return;
        }
        ctx.expect_mapping(value, path);
        for (const auto& [field, v] : value.entries) {
            std::string field_path = compose::join_path(path, field.text);
            if (field.text == "name") {
                resource.name = ctx.string(v, field_path);
                named = true;
            } else if (field.text == "external" && v.is_mapping()) {
                // The version 2/3 form, external: {name: x}; Compose reads it still.
                resource.external = true;
                if (const yaml::Node* old_name = v.find("name"); old_name != nullptr) {
                    resource.name = ctx.string(*old_name, compose::join_path(field_path, "name"));
                    named = true;
                    ctx.warn(field, field_path, "external.name is deprecated; write name: beside external: true");
                }
            } else if (field.text == "external") {
                resource.external = ctx.boolean(v, field_path);
            } else if (field.text == "labels") {
                (void)ctx.labels(v, field_path);
            } else if (!field.text.starts_with("x-")) {
                ctx.warn(field, field_path, "dtx does not act on this key; it is ignored");
            }
        }
    });
    if (resource.external && !named) {
        resource.name = key;
    }
    return resource;
}

std::map<std::string, compose::NamedResource> decode_top_level_names(compose::DecodeContext& ctx,
                                                                     const yaml::Node& root, const char* key,
                                                                     const std::string& project) {
    std::map<std::string, compose::NamedResource> out;
    const yaml::Node* section = root.find(key);
    if (section == nullptr || section->is_null()) {
        return out;
    }
    ctx.guarded([&] {
        ctx.expect_mapping(*section, key);
        for (const auto& [name, value] : section->entries) {
            out[name.text] = decode_named_resource(ctx, name.text, value, compose::join_path(key, name.text), project);
        }
    });
    return out;
}

std::set<std::string> active_profiles(const LoadOptions& options) {
    std::vector<std::string> list = options.profiles;
    if (list.empty() && options.lookup_env) {
        if (auto env = options.lookup_env("COMPOSE_PROFILES")) {
            std::stringstream in(*env);
            for (std::string p; std::getline(in, p, ',');) {
                if (!p.empty()) {
                    list.push_back(p);
                }
            }
        }
    }
    return {list.begin(), list.end()};
}

bool is_active(const compose::Service& svc, const std::set<std::string>& profiles, const LoadOptions& options) {
    if (svc.profiles.empty() || profiles.count("*") != 0 ||
        std::find(options.services.begin(), options.services.end(), svc.name) != options.services.end()) {
        return true;
    }
    return std::any_of(svc.profiles.begin(), svc.profiles.end(), [&](const auto& p) { return profiles.count(p) != 0; });
}

// A service setting indented two spaces short reads as a service without an image; a real service
// may have such a name (init, build), so only one with neither image nor build counts.
bool looks_like_setting(const std::string& name, const yaml::Node& value) {
    if (name.starts_with("x-") || compose::service_key_support(name) == compose::KeySupport::unknown) {
        return false;
    }
    return !value.is_mapping() || (value.find("image") == nullptr && value.find("build") == nullptr);
}

// Adds the profiles of `svc` that `project` does not list yet.
void add_profiles(compose::Project& project, const compose::Service& svc) {
    for (const auto& p : svc.profiles) {
        if (std::find(project.profiles.begin(), project.profiles.end(), p) == project.profiles.end()) {
            project.profiles.push_back(p);
        }
    }
}

// Reports each service named in the options that the file does not define.
void check_wanted_services(compose::DecodeContext& ctx, const yaml::Node& services, const LoadOptions& options,
                           const compose::Project& project, const std::map<std::string, std::string>& inactive) {
    for (const auto& wanted : options.services) {
        if (project.find(wanted) == nullptr && inactive.count(wanted) == 0 && services.find(wanted) == nullptr) {
            ctx.errors.push_back(
                {yaml::Location{project.file, 0, 0}, "", fmt::format("no service named \"{}\"", wanted)});
        }
    }
}

void decode_services(compose::DecodeContext& ctx, const yaml::Node& root, const LoadOptions& options,
                     const EnvLookup& lookup, compose::Project& project, std::map<std::string, std::string>& inactive) {
    const yaml::Node* services = root.find("services");
    if (services == nullptr || services->is_null() || (services->is_mapping() && services->entries.empty())) {
        ctx.error(services != nullptr ? *services : root, "services",
                  "no services; define at least one under \"services:\"");
        return;
    }
    ctx.expect_mapping(*services, "services");
    auto profiles = active_profiles(options);
    const yaml::Node* last_service = nullptr;
    for (const auto& [name, value] : services->entries) {
        if (name.text.empty() || name.text.find_first_not_of(k_service_name_chars) != std::string::npos) {
            ctx.error(name, "services." + name.text, "a service name may use letters, digits, '.', '-' and '_'");
            continue;
        }
        if (looks_like_setting(name.text, value)) {
            ctx.error(name, "services." + name.text,
                      fmt::format("\"{}\" looks like a service setting, not a service; indent it under its service{}",
                                  name.text,
                                  last_service == nullptr ? ""
                                                          : fmt::format(" (\"{}\", line {})", last_service->text,
                                                                        last_service->location.line)));
            continue;
        }
        last_service = &name;
        ctx.guarded([&, &name = name, &value = value] {
            compose::Service svc = compose::decode_service(ctx, name.text, value, lookup);
            add_profiles(project, svc);
            if (is_active(svc, profiles, options)) {
                project.services.push_back(std::move(svc));
            } else {
                inactive[svc.name] = util::join(svc.profiles, ", ");
            }
        });
    }
    check_wanted_services(ctx, *services, options, project, inactive);
    std::sort(project.services.begin(), project.services.end(),
              [](const compose::Service& a, const compose::Service& b) { return a.name < b.name; });
    std::sort(project.profiles.begin(), project.profiles.end());
}

std::vector<std::string> render(std::vector<yaml::Diagnostic> diagnostics) {
    // In file order, as a reader meets them; decoding order (env_file before environment…) is not.
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const yaml::Diagnostic& a, const yaml::Diagnostic& b) {
        return std::tie(a.location.file, a.location.line, a.location.column) <
               std::tie(b.location.file, b.location.line, b.location.column);
    });
    std::vector<std::string> out;
    out.reserve(diagnostics.size());
    for (const auto& d : diagnostics) {
        out.push_back(d.to_string());
    }
    return out;
}

}  // namespace

std::string discover_spec(const std::string& dir) {
    for (const char* name : k_discovery_order) {
        fs::path candidate = fs::path(dir) / name;
        if (util::is_regular_file(candidate.string())) {
            return candidate.string();
        }
    }
    return "";
}

std::string normalize_project_name(const std::string& text) {
    std::string out;
    for (char c : text) {
        char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        bool alnum = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
        if (alnum || (!out.empty() && (lower == '-' || lower == '_'))) {
            out.push_back(lower);
        }
    }
    return out;
}

namespace {

// The spec files to read: those of the options, or else the one discovered in the working folder
// and the first of the override files beside it (all of which are put in `overrides`).
std::vector<std::string> spec_files(const LoadOptions& options, std::vector<std::string>& overrides) {
    std::vector<std::string> files = options.files;
    if (files.empty()) {
        std::string found = discover_spec(options.working_dir);
        if (found.empty()) {
            throw SpecError(
                fmt::format("no spec file in {}: create compose.yaml (or dtx.yaml, compose.test.yaml, "
                            "docker-compose.test.yml, docker-compose.yml) or pass -f FILE",
                            options.working_dir));
        }
        files.push_back(found);
        overrides = override_files_beside(found);
        if (!overrides.empty()) {
            files.push_back(overrides.front());
        }
    }
    return files;
}

// The text of each spec file; throws SpecError when one cannot be read.
std::vector<std::string> read_spec_texts(const std::vector<std::string>& files) {
    std::vector<std::string> texts;
    for (const auto& file : files) {
        auto content = util::read_text_file(file);
        if (!content) {
            throw SpecError(fmt::format("{}: cannot read the spec file: {}", file, content.error().message));
        }
        texts.push_back(std::move(content.value()));
    }
    return texts;
}

}  // namespace

LoadResult load_spec(const LoadOptions& options) {
    std::vector<std::string> overrides;  // present beside a discovered spec; only the first is read
    std::vector<std::string> files = spec_files(options, overrides);
    std::vector<std::string> texts = read_spec_texts(files);
    LoadResult result;
    compose::Project& project = result.project;
    project.files = files;
    project.file = files.front();
    project.directory = fs::absolute(fs::path(files.front())).parent_path().lexically_normal().string();
    std::string all_text;
    for (const auto& text : texts) {
        all_text += text + '\0';
    }
    project.content_hash = util::fingerprint(all_text);
    compose::DecodeContext ctx(project.directory);
    ProjectEnv env(options.lookup_env, project.directory, options.env_files, ctx);
    EnvLookup lookup = [&env](const std::string& name) { return env(name); };
    ctx.lookup = lookup;
    for (size_t i = 1; i < overrides.size(); ++i) {
        ctx.warnings.push_back({yaml::Location{overrides[i], 0, 0}, "",
                                "not read: only the first override file is merged, " + overrides.front()});
    }
    std::set<std::string> warned;

    // Parse and interpolate one file; nullopt when it is unusable (errors recorded).
    auto load_file = [&](const std::string& file, const std::string& text) -> std::optional<yaml::Node> {
        yaml::ParsedFile parsed = yaml::parse_yaml(file, text);
        ctx.errors.insert(ctx.errors.end(), parsed.errors.begin(), parsed.errors.end());
        if (!parsed.errors.empty() && parsed.root.is_null()) {
            return std::nullopt;
        }
        if (parsed.root.is_null()) {
            ctx.errors.push_back({yaml::Location{file, 0, 0}, "",
                                  "the spec file is empty; it needs at least \"services:\" with one service"});
            return std::nullopt;
        }
        if (!parsed.root.is_mapping()) {
            ctx.error(parsed.root, "(top level)", "the spec must be a mapping with a \"services:\" key");
            return std::nullopt;
        }
        refuse_include(ctx, parsed.root, file);
        interpolate_tree(ctx, parsed.root, "", lookup, warned);
        return std::move(parsed.root);
    };

    std::optional<yaml::Node> root;
    for (size_t i = 0; i < files.size(); ++i) {
        auto loaded = load_file(files[i], texts[i]);
        if (!loaded) {
            continue;
        }
        if (!root) {
            root = std::move(loaded);
        } else {
            merge_files(*root, *loaded);
        }
    }
    if (root) {
        apply_resets(*root);
        resolve_extends(ctx, *root,
                        [&](const std::string& path, const yaml::Node& /*at*/) -> std::optional<yaml::Node> {
                            std::string full = (fs::path(project.directory) / path).lexically_normal().string();
                            std::string text;
                            if (!read_file(full, text)) {
                                return std::nullopt;
                            }
                            auto other = load_file(full, text);
                            if (other) {
                                apply_resets(*other);
                            }
                            return other;
                        });
        ctx.check_keys(*root, "", compose::top_level_key_support, compose::top_level_keys(),
                       "Compose allows name, services, networks, volumes, configs, secrets, include and x-* keys");
        project.name = choose_project_name(ctx, *root, options, project.directory);
        project.volumes = decode_top_level_names(ctx, *root, "volumes", project.name);
        project.networks = decode_top_level_names(ctx, *root, "networks", project.name);
        if (const yaml::Node* extension = root->find("x-dtx")) {
            ctx.guarded([&] { compose::decode_project_extension(ctx, project, *extension); });
        }
        std::map<std::string, std::string> inactive;
        ctx.guarded([&] { decode_services(ctx, *root, options, lookup, project, inactive); });
        compose::validate_project(ctx, project, inactive);
    }
    result.errors = render(ctx.errors);
    result.warnings = render(ctx.warnings);
    return result;
}

LoadResult load_project(const LoadOptions& options) {
    LoadResult result = load_spec(options);
    if (!result.errors.empty()) {
        std::string message = result.errors.front();
        for (size_t i = 1; i < result.errors.size(); ++i) {
            message += "\n" + result.errors[i];
        }
        throw SpecError(message);
    }
    return result;
}

}  // namespace dtx::load
