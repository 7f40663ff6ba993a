#include "session/load.hpp"

#include "session/project_secrets.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <set>

namespace dtx::session {

load::LoadResult load_spec(const Runtime& rt, const GlobalOptions& global, report::Reporter& reporter,
                           bool report_warnings, const std::vector<std::string>& services) {
    load::LoadOptions options;
    options.files = global.files;
    options.project_name = global.project_name;
    options.working_dir = rt.working_dir;
    options.lookup_env = rt.env;
    options.profiles = global.profiles;
    options.env_files = global.env_files;
    options.services = services;
    auto loaded = load::load_spec(options);
    // Before anything is printed: the warnings, the errors, and all that follows may quote a secret.
    register_secrets(loaded.project);
    if (report_warnings) {
        for (const auto& w : loaded.warnings) {
            reporter.warning(w);
        }
    }
    return loaded;
}

load::LoadResult load_valid_spec(const Runtime& rt, const GlobalOptions& global, report::Reporter& reporter,
                                 const std::vector<std::string>& services) {
    auto loaded = load_spec(rt, global, reporter, true, services);
    if (!loaded.errors.empty()) {
        std::string message = loaded.errors.front();
        for (size_t i = 1; i < loaded.errors.size(); ++i) {
            message += "\n" + loaded.errors[i];
        }
        throw SpecError(message);
    }
    return loaded;
}

void keep_services(compose::Project& project, const std::vector<std::string>& wanted) {
    for (const auto& name : wanted) {
        if (project.find(name) == nullptr) {
            std::string names;
            for (const auto& s : project.services) {
                names += (names.empty() ? "" : ", ") + s.name;
            }
            throw UsageError(fmt::format("no such service: {}; the spec's active services are: {}", name, names));
        }
    }
    std::set<std::string> keep;
    std::vector<std::string> todo(wanted.begin(), wanted.end());
    while (!todo.empty()) {
        std::string name = todo.back();
        todo.pop_back();
        const compose::Service* svc = project.find(name);
        if (svc == nullptr || !keep.insert(name).second) {
            continue;
        }
        for (const auto& dep : svc->depends_on) {
            todo.push_back(dep.service);
        }
    }
    std::erase_if(project.services, [&](const compose::Service& s) { return keep.count(s.name) == 0; });
}

}  // namespace dtx::session
