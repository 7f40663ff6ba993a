#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/prune.hpp"

namespace dtx::cli {

void add_prune(const VerbContext& ctx) {
    auto* sub = ctx.app.add_subcommand(
        "prune", "Remove what dtx runs left behind when their dtx process is gone (every project, unless -p)");
    auto options = std::make_shared<session::PruneOptions>();
    sub->add_flag("--all", options->all, "Remove every dtx run, whatever its owner (also dtx up environments)");
    sub->add_flag("--dry-run", options->dry_run, "Print what would be removed, one line per resource; remove nothing");
    sub->footer("Usage: dtx [-p NAME] prune [--all] [--dry-run]  (-p: only that project's runs)");
    sub->callback([&global = ctx.global, &action = ctx.action, options] {
        action = [&global, options](const session::Runtime& rt) {
            options->global = global;
            report::StderrReporter reporter(global.quiet);
            return session::prune(rt, *options, reporter);
        };
    });
}

}  // namespace dtx::cli
