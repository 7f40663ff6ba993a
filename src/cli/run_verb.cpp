#include "cli/start_options.hpp"
#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/run.hpp"

namespace dtx::cli {

void add_run(const VerbContext& ctx) {
    auto* sub = ctx.app.add_subcommand("run", "Start the services, wait until ready, run a command, remove everything");
    auto options = std::make_shared<session::RunOptions>();
    auto flags = std::make_shared<StartFlags>();
    add_start_flags(sub, *flags);
    add_watch_flags(sub, options->watch);
    sub->add_flag("--keep", options->keep, "Leave the containers, volumes and network in place afterwards");
    sub->add_flag("--keep-on-failure", options->keep_on_failure,
                  "Leave them in place when the command fails or the services do not become ready");
    sub->add_flag("--dry-run", options->dry_run, "Print the plan (containers, ports, order) and create nothing");
    sub->add_flag("--keep-host-ports", options->keep_host_ports,
                  "Publish fixed host ports (5433:5432) as written instead of ephemeral ones");
    sub->add_option("services", options->services, "Only these services and what they depend on (default: all)")
        ->type_name("SERVICE");
    sub->footer(
        "Usage: dtx run [OPTIONS] [SERVICE...] -- COMMAND [ARGS...]\n"
        "       dtx run [OPTIONS] [SERVICE...] --exit-code-from SERVICE");
    sub->callback([&global = ctx.global, &command = ctx.command, &action = ctx.action, options, flags] {
        action = [&global, &command, options, flags](const session::Runtime& rt) {
            options->global = global;
            options->command = command;
            options->timeout = timeout_of(*flags);
            options->subnet_pool = subnet_pool_of(*flags);
            options->build = build_when_of(*flags);
            report::StderrReporter reporter(global.quiet, flags->timings);
            return session::run(rt, *options, reporter);
        };
    });
}

}  // namespace dtx::cli
