#include "spec/extends.hpp"

#include "spec/merge.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <set>

namespace dtx::spec {

namespace {

struct Reference {
    std::string service;
    std::string file;  // empty: the same file
};

class Resolver {
public:
    Resolver(DecodeContext& ctx, const FileLoader& load_file) : m_ctx(ctx), m_load_file(load_file) {}

    // Resolves the service `name` of `services` (which belongs to `file`, "" for the project's).
    void resolve(Node& services, const std::string& file, const std::string& name) {
        Node* service = services.find(name);
        if (service == nullptr || !service->is_mapping()) {
            return;
        }
        const Node* extends = service->find("extends");
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
            throw Invalid{};  // already reported as part of a cycle
        }
        Reference ref = reference(*extends, path);
        m_stack.push_back(id);
        Node base;
        try {
            base = base_of(services, file, ref, *extends, path);
        } catch (const Invalid&) {
            m_stack.pop_back();
            throw;
        }
        m_stack.pop_back();
        base.erase("extends");
        Node own = *service;
        own.erase("extends");
        merge_service(base, own);
        *service = std::move(base);
    }

private:
    Reference reference(const Node& extends, const std::string& path) {
        if (extends.is_scalar()) {
            return {extends.text, ""};
        }
        m_ctx.expect_mapping(extends, path);
        Reference ref;
        for (const auto& [key, value] : extends.entries) {
            if (key.text == "service") {
                ref.service = m_ctx.string(value, join_path(path, "service"));
            } else if (key.text == "file") {
                ref.file = m_ctx.string(value, join_path(path, "file"));
            } else {
                m_ctx.fail(key, join_path(path, key.text),
                           fmt::format("unknown key \"{}\"; extends takes service and file", key.text));
            }
        }
        if (ref.service.empty()) {
            m_ctx.fail(extends, path, "extends needs \"service\": the name of the service to build on");
        }
        return ref;
    }

    Node base_of(Node& services, const std::string& file, const Reference& ref, const Node& at,
                 const std::string& path) {
        Node* base_services = &services;
        std::string base_file = file;
        if (!ref.file.empty()) {
            base_file = ref.file;
            auto it = m_files.find(ref.file);
            if (it == m_files.end()) {
                std::optional<Node> root = m_load_file(ref.file, at);
                if (!root) {
                    m_ctx.fail(at, join_path(path, "file"), fmt::format("cannot read or use {}", ref.file));
                }
                Node loaded_services = root->find("services") != nullptr ? *root->find("services") : Node::mapping();
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

    DecodeContext& m_ctx;
    const FileLoader& m_load_file;
    std::vector<std::string> m_stack;
    std::set<std::string> m_failed;       // services on a reported cycle
    std::map<std::string, Node> m_files;  // services of other files, by path as written
};

}  // namespace

void resolve_extends(DecodeContext& ctx, Node& root, const FileLoader& load_file) {
    Node* services = root.find("services");
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

}  // namespace dtx::spec
