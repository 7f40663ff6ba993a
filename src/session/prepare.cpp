#include "session/prepare.hpp"

#include "images/build.hpp"
#include "plan/unapplied.hpp"
#include "session/load.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace dtx::session {

compose::Project load_for_start(const Runtime& rt, const GlobalOptions& global,
                                const std::vector<std::string>& services, report::Reporter& reporter,
                                const std::string& verb) {
    auto loaded = load_valid_spec(rt, global, reporter, services);
    compose::Project project = std::move(loaded.project);
    if (!services.empty()) {
        keep_services(project, services);
    }
    for (const auto& svc : project.services) {
        auto keys = plan::unapplied_keys(svc);
        if (!keys.empty()) {
            reporter.warning(
                fmt::format("services.{}: dtx {} does not apply {} yet", svc.name, verb, fmt::join(keys, ", ")));
        }
    }
    images::name_built_images(project);  // so the plan (and --dry-run) names the image a build: makes
    return project;
}

}  // namespace dtx::session
