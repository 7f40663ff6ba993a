#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/down.hpp"
#include "util/error.hpp"

namespace dtx::cli {

void add_down(const VerbContext& ctx) {
    auto* sub = ctx.app.add_subcommand(
        "down", "Remove the project's environment (dtx up), a kept run (--run), or all of its runs (--all)");
    auto options = std::make_shared<session::DownOptions>();
    auto* run = sub->add_option("--run", options->run_id,
                                "Remove this run, whatever its project (e.g. one kept with dtx run --keep)")
                    ->type_name("ID");
    auto* all = sub->add_flag("--all", options->all, "Remove every dtx run of the project: up and kept runs alike");
    run->excludes(all);
    sub->add_flag("-v,--volumes", options->remove_volumes,
                  "Remove named volumes too (anonymous volumes always go); dtx -v down is --verbose");
    sub->footer("Usage: dtx [-p NAME] down [--run ID | --all] [-v]");
    sub->callback([&global = ctx.global, &action = ctx.action, options, run] {
        if (run->count() > 0 && options->run_id.empty()) {
            throw CLI::ValidationError("--run", "needs a run id");
        }
        action = [&global, options](const session::Runtime& rt) {
            options->global = global;
            report::StderrReporter reporter(global.quiet);
            return session::down(rt, *options, reporter);
        };
    });
}

}  // namespace dtx::cli
