#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/reaper.hpp"

namespace dtx::cli {

// Hidden (no group, so --help does not list it): only `dtx run` starts it, see session/reaper.hpp.
void add_reap(const VerbContext& ctx) {
    auto* sub = ctx.app.add_subcommand("__reap", "Remove a run's resources when the dtx that owns it dies");
    sub->group("");
    auto options = std::make_shared<session::ReapOptions>();
    sub->add_option("--run", options->run_id, "The run id")->required();
    sub->add_option("--network", options->network, "The run's network");
    sub->add_option("--fd", options->fd, "The pipe from dtx run")->check(CLI::Range(3, 1 << 20));
    sub->callback([&global = ctx.global, &action = ctx.action, options] {
        action = [&global, options](const session::Runtime& /*rt*/) {
            report::StderrReporter reporter(global.quiet);
            // The reaper ignores the signals meant for the run: its sweeps must not be cut short by one
            // caught before it did.
            util::SystemClock clock{util::StopToken{}};
            return session::reap(session::real_runtime(clock), *options, reporter);
        };
    });
}

}  // namespace dtx::cli
