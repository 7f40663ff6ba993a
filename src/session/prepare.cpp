#include "session/prepare.hpp"

#include "images/build.hpp"
#include "plan/unapplied.hpp"
#include "session/load.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>

namespace dtx::session {

namespace {

void check_nothing_depends_on(const compose::Project& project, const std::string& runner) {
    for (const auto& svc : project.services) {
        for (const auto& dep : svc.depends_on) {
            if (dep.service == runner) {
                throw UsageError(
                    fmt::format("--exit-code-from {0}: service {1} depends on {0}, but the service whose "
                                "exit code is the run's starts last; leave {1} out, or drop {0} from its "
                                "depends_on",
                                runner, svc.name));
            }
        }
    }
}

}  // namespace

void check_watch_request(const start::WatchRequest& watch, bool command, const std::string& verb) {
    if (command && watch.active()) {
        throw UsageError(
            fmt::format("{}: --exit-code-from and --abort-on-container-exit follow the services instead "
                        "of running a command; drop the command after -- or the flag",
                        verb));
    }
}

compose::Project load_for_start(const Runtime& rt, const GlobalOptions& global, std::vector<std::string> services,
                                report::Reporter& reporter, const std::string& verb, const std::string& runner) {
    if (!runner.empty() && std::find(services.begin(), services.end(), runner) == services.end()) {
        services.push_back(runner);
    }
    auto loaded = load_valid_spec(rt, global, reporter, services);
    compose::Project project = std::move(loaded.project);
    if (!services.empty()) {
        keep_services(project, services);
    }
    if (!runner.empty()) {
        check_nothing_depends_on(project, runner);
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
