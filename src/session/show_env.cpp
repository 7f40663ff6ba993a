#include "session/show_env.hpp"

#include "env/exports.hpp"
#include "images/build.hpp"
#include "plan/plan.hpp"
#include "session/load.hpp"
#include "start/running_services.hpp"

#include <fmt/format.h>

namespace dtx::session {

int show_env(const Runtime& rt, const EnvOptions& options, report::Reporter& reporter) {
    compose::Project project = load_valid_spec(rt, options.global, reporter).project;
    images::name_built_images(project);  // the plan finds a build: service's image under the name up gave it
    auto engine = rt.connect_engine();
    const std::string run_id = project.name;  // `dtx up`'s stable id
    start::RunningServices running = start::running_services(*engine, project, run_id);
    for (const auto& note : running.notes) {
        reporter.note(note);
    }
    if (running.endpoints.empty()) {
        throw NotUpError(fmt::format(
            "project {} has no environment running; start it with `dtx up -d` (same -f/-p as here), then run "
            "dtx env again",
            run_id));
    }
    env::ConnectionEnv env = env::command_env(project, run_id, plan::network_name(run_id), running.endpoints, rt.env);
    for (const auto& note : env.notes) {
        reporter.note(note);
    }
    // Unmasked on purpose: printing the secrets is what this command is for.
    std::string text = env::format_env(env.vars, options.format);
    std::fwrite(text.data(), 1, text.size(), rt.out);
    std::fflush(rt.out);
    return exit_code::k_ok;
}

}  // namespace dtx::session
