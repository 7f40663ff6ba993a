#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/reaper.hpp"

namespace dtx::cli {

// Hidden (no group, so --help does not list it): only `dtx run` starts it, see session/reaper.hpp.
void add_reap(CLI::App& app, const session::GlobalOptions& global, Action& action) {
    auto* sub = app.add_subcommand("__reap", "Remove a run's resources when the dtx that owns it dies");
    sub->group("");
    auto options = std::make_shared<session::ReapOptions>();
    sub->add_option("--run", options->run_id, "The run id")->required();
    sub->add_option("--network", options->network, "The run's network");
    sub->add_option("--fd", options->fd, "The pipe from dtx run")->check(CLI::Range(3, 1 << 20));
    sub->callback([&global, &action, options] {
        action = [&global, options] {
            report::StderrReporter reporter(global.quiet);
            return session::reap(*options, reporter);
        };
    });
}

}  // namespace dtx::cli
