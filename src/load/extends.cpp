#include "load/extends.hpp"

#include "load/merge.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace dtx::load {

namespace {

namespace fs = std::filesystem;

bool is_relative_path(const std::string& p) {
    return p.starts_with("./") || p.starts_with("../") || p == ".";
}

std::string rebased(const fs::path& dir, const std::string& p) {
    return (dir / p).lexically_normal().string();
}

// Rebases env_file: one path or a list of paths and {path: …} mappings.
void rebase_env_files(yaml::Node& env_file, const fs::path& dir) {
    auto fix = [&](yaml::Node& item) {
        yaml::Node* path = item.is_mapping() ? item.find("path") : &item;
        if (path != nullptr && path->is_scalar() && !fs::path(path->text).is_absolute()) {
            path->text = rebased(dir, path->text);
        }
    };
    if (env_file.is_sequence()) {
        for (auto& item : env_file.items) {
            fix(item);
        }
    } else {
        fix(env_file);
    }
}

// Rebases the relative host paths of the volumes list: SOURCE of "SOURCE:TARGET" and bind sources.
void rebase_volumes(yaml::Node& volumes, const fs::path& dir) {
    for (auto& item : volumes.items) {
        // Only SOURCE:TARGET[:MODE] has a source to rebase; a lone "./data" stays as written, for
        // the decoder to report as it would without extends.
        std::size_t colon = item.is_scalar() ? item.text.find(':') : std::string::npos;
        if (colon != std::string::npos && is_relative_path(item.text.substr(0, colon))) {
            item.text = rebased(dir, item.text.substr(0, colon)) + item.text.substr(colon);
        } else if (item.is_mapping()) {
            yaml::Node* source = item.find("source");
            const yaml::Node* type = item.find("type");
            if (source != nullptr && type != nullptr && type->text == "bind" && !fs::path(source->text).is_absolute()) {
                source->text = rebased(dir, source->text);
            }
        }
    }
}

// Paths in a service read from another file are relative to that file's folder, as in Compose:
// make them absolute before the service is merged into the project.
void rebase_paths(yaml::Node& service, const fs::path& dir) {
    if (!service.is_mapping()) {
        return;
    }
    if (yaml::Node* build = service.find("build")) {
        yaml::Node* context = build->is_mapping() ? build->find("context") : build;
        if (context != nullptr && context->is_scalar() && !fs::path(context->text).is_absolute()) {
            context->text = rebased(dir, context->text);
        }
    }
    if (yaml::Node* env_file = service.find("env_file")) {
        rebase_env_files(*env_file, dir);
    }
    if (yaml::Node* volumes = service.find("volumes"); volumes != nullptr && volumes->is_sequence()) {
        rebase_volumes(*volumes, dir);
    }
}

struct Reference {
    std::string service;
    std::string file;  // empty: the same file
};

class Resolver {
public:
    Resolver(compose::DecodeContext& ctx, const FileLoader& load_file) : m_ctx(ctx), m_load_file(load_file) {}

    // Resolves the service `name` of `services` (which belongs to `file`, "" for the project's).
    void resolve(yaml::Node& services, const std::string& file, const std::string& name) {
        yaml::Node* service = services.find(name);
        if (service == nullptr || !service->is_mapping()) {
            return;
        }
        const yaml::Node* extends = service->find("extends");
        if (extends == nullptr) {
            return;
        }
        std::string path = fmt::format("services.{}.extends", name);
        std::string id = file + "#" + name;
        if (std::find(m_stack.begin(), m_stack.end(), id) != m_stack.end()) {
            std::string cycle;
            for (auto it = std::find(m_stack.begin(), m_stack.end(), id); it != m_stack.end(); ++it) {
                cycle += it->substr(it->find('#') + 1) + " -> ";
                m_failed.insert(*it);
            }
            m_ctx.fail(*extends, path, fmt::format("extends cycle {}{}", cycle, name));
        }
        if (m_failed.count(id) != 0) {
            throw compose::Invalid{};  // already reported as part of a cycle
        }
        if (m_stack.size() >= k_max_chain) {
            m_ctx.fail(*extends, path, fmt::format("extends chains deeper than {} services", k_max_chain));
        }
        Reference ref = reference(*extends, path);
        m_stack.push_back(id);
        yaml::Node base;
        try {
            base = base_of(services, file, ref, *extends, path);
        } catch (const compose::Invalid&) {
            m_stack.pop_back();
            throw;
        }
        m_stack.pop_back();
        base.erase("extends");
        yaml::Node own = *service;
        own.erase("extends");
        merge_service(base, own);
        *service = std::move(base);
    }

private:
    Reference reference(const yaml::Node& extends, const std::string& path) {
        if (extends.is_scalar()) {
            return {extends.text, ""};
        }
        m_ctx.expect_mapping(extends, path);
        Reference ref;
        for (const auto& [key, value] : extends.entries) {
            if (key.text == "service") {
                ref.service = m_ctx.string(value, compose::join_path(path, "service"));
            } else if (key.text == "file") {
                ref.file = m_ctx.string(value, compose::join_path(path, "file"));
            } else {
                m_ctx.fail(key, compose::join_path(path, key.text),
                           fmt::format("unknown key \"{}\"; extends takes service and file", key.text));
            }
        }
        if (ref.service.empty()) {
            m_ctx.fail(extends, path, "extends needs \"service\": the name of the service to build on");
        }
        return ref;
    }

    yaml::Node base_of(yaml::Node& services, const std::string& file, const Reference& ref, const yaml::Node& at,
                       const std::string& path) {
        yaml::Node* base_services = &services;
        std::string base_file = file;
        if (!ref.file.empty()) {
            base_file = ref.file;
            auto it = m_files.find(ref.file);
            if (it == m_files.end()) {
                std::optional<yaml::Node> root = m_load_file(ref.file, at);
                if (!root) {
                    m_ctx.fail(at, compose::join_path(path, "file"), fmt::format("cannot read or use {}", ref.file));
                }
                yaml::Node loaded_services =
                    root->find("services") != nullptr ? *root->find("services") : yaml::Node::mapping();
                fs::path dir = (fs::path(m_ctx.directory()) / ref.file).parent_path();
                for (auto& [name, service] : loaded_services.entries) {
                    rebase_paths(service, dir);
                }
                it = m_files.emplace(ref.file, std::move(loaded_services)).first;
            }
            base_services = &it->second;
        }
        if (base_services->find(ref.service) == nullptr) {
            m_ctx.fail(at, path,
                       ref.file.empty() ? fmt::format("extends unknown service \"{}\"", ref.service)
                                        : fmt::format("extends unknown service \"{}\" of {}", ref.service, ref.file));
        }
        resolve(*base_services, base_file, ref.service);
        return *base_services->find(ref.service);
    }

    compose::DecodeContext& m_ctx;
    const FileLoader& m_load_file;
    static constexpr size_t k_max_chain = 64;  // real chains are a few services long
    std::vector<std::string> m_stack;
    std::set<std::string> m_failed;             // services on a reported cycle
    std::map<std::string, yaml::Node> m_files;  // services of other files, by path as written
};

}  // namespace

void resolve_extends(compose::DecodeContext& ctx, yaml::Node& root, const FileLoader& load_file) {
    yaml::Node* services = root.find("services");
    if (services == nullptr || !services->is_mapping()) {
        return;
    }
    Resolver resolver(ctx, load_file);
    std::vector<std::string> names;
    for (const auto& [name, value] : services->entries) {
        names.push_back(name.text);
    }
    for (const auto& name : names) {
        ctx.guarded([&] { resolver.resolve(*services, "", name); });
    }
}

}  // namespace dtx::load
