#include "spec/loader.hpp"

#include "graph/graph.hpp"
#include "spec/decode_context.hpp"
#include "spec/keys.hpp"
#include "util/error.hpp"
#include "util/ids.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace dtx::spec {

namespace {

constexpr const char* k_discovery_order[] = {
    "dtx.yaml", "dtx.yml", "compose.test.yaml", "docker-compose.test.yml", "compose.yaml", "docker-compose.yml"};

constexpr const char* k_service_name_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw SpecError(fmt::format("{}: cannot read the spec file: {}", path,
                                    fs::exists(path) ? "permission denied" : "no such file"));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

YAML::Node parse_yaml(const std::string& file, const std::string& text) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw SpecError(
            fmt::format("{}:{}:{}: YAML syntax error: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg));
    }
}

void check_dependencies(const DecodeContext& ctx, const Project& project) {
    graph::Graph g;
    std::string defined;
    for (const auto& svc : project.services) {
        g.add_node(svc.name);
        defined += (defined.empty() ? "" : ", ") + svc.name;
    }
    for (const auto& svc : project.services) {
        for (const auto& dep : svc.depends_on) {
            if (project.find(dep.service) == nullptr) {
                throw SpecError(
                    fmt::format("{}:{}:{}: services.{}.depends_on: unknown service \"{}\"; the file defines {}",
                                ctx.file, dep.location.line, dep.location.column, svc.name, dep.service, defined));
            }
            g.add_edge(svc.name, dep.service);
        }
    }
    if (auto cycle = g.find_cycle(); !cycle.empty()) {
        // Point at the first edge of the cycle: cycle[0]'s dependency on cycle[1].
        Location at;
        for (const auto& dep : project.find(cycle[0])->depends_on) {
            if (dep.service == cycle[1]) {
                at = dep.location;
            }
        }
        throw SpecError(
            fmt::format("{}:{}:{}: services.{}.depends_on: dependency cycle {}; remove one of these "
                        "dependencies",
                        ctx.file, at.line, at.column, cycle.front(), graph::format_cycle(cycle)));
    }
}

std::string choose_project_name(const DecodeContext& ctx, const YAML::Node& root, const LoadOptions& options,
                                const std::string& directory) {
    std::string name = options.project_name;
    const char* source = "-p";
    if (name.empty() && root["name"]) {
        name = ctx.scalar(root["name"], "name", "a project name");
        source = "name";
    }
    if (name.empty()) {
        name = normalize_project_name(fs::path(directory).filename().string());
        return name.empty() ? "dtx" : name;
    }
    if (normalize_project_name(name) != name) {
        std::string message = fmt::format(
            "project name \"{}\" must be lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit",
            name);
        if (std::string(source) == "-p") {
            throw SpecError("-p/--project-name: " + message);
        }
        ctx.fail(root["name"], "name", message);
    }
    return name;
}

}  // namespace

std::string discover_spec(const std::string& dir) {
    for (const char* name : k_discovery_order) {
        fs::path candidate = fs::path(dir) / name;
        if (fs::is_regular_file(candidate)) {
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

LoadResult load_project(const LoadOptions& options) {
    if (options.files.size() > 1) {
        throw UsageError("-f/--file: dtx reads one spec file for now; merge the files into one");
    }
    std::string file = options.files.empty() ? discover_spec(options.working_dir) : options.files.front();
    if (file.empty()) {
        throw SpecError(
            fmt::format("no spec file in {}: create compose.yaml (or dtx.yaml, compose.test.yaml, "
                        "docker-compose.test.yml, docker-compose.yml) or pass -f FILE",
                        options.working_dir));
    }
    LoadResult result;
    DecodeContext ctx{file, options.lookup_env, &result.warnings};
    std::string text = read_file(file);
    YAML::Node root = parse_yaml(file, text);
    if (root.IsNull()) {
        throw SpecError(
            fmt::format("{}: the spec file is empty; it needs at least \"services:\" with one service", file));
    }
    if (!root.IsMap()) {
        ctx.fail(root, "(top level)", "the spec must be a mapping with a \"services:\" key");
    }
    ctx.check_keys(root, "", top_level_key_support, top_level_keys(),
                   "Compose allows name, services, networks, volumes, configs, secrets, include and x-* keys");

    Project& project = result.project;
    project.file = file;
    project.directory = fs::absolute(fs::path(file)).parent_path().string();
    project.content_hash = util::fingerprint(text);
    project.name = choose_project_name(ctx, root, options, project.directory);

    YAML::Node services = root["services"];
    if (!services || services.IsNull() || (services.IsMap() && services.size() == 0)) {
        ctx.fail(services ? services : root, "services", "no services; define at least one under \"services:\"");
    }
    ctx.expect_map(services, "services");
    for (const auto& entry : services) {
        std::string name = ctx.scalar(entry.first, "services", "a service name");
        if (name.empty() || name.find_first_not_of(k_service_name_chars) != std::string::npos) {
            ctx.fail(entry.first, "services." + name, "a service name may use letters, digits, '.', '-' and '_'");
        }
        project.services.push_back(decode_service(ctx, name, entry.second));
    }
    std::sort(project.services.begin(), project.services.end(),
              [](const Service& a, const Service& b) { return a.name < b.name; });
    check_dependencies(ctx, project);
    return result;
}

}  // namespace dtx::spec
