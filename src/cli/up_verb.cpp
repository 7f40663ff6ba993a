#include "cli/start_options.hpp"
#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/up.hpp"

namespace dtx::cli {

void add_up(const VerbContext& ctx) {
    auto* sub =
        ctx.app.add_subcommand("up", "Start the project's lasting environment (stable id), or bring it up to date");
    auto options = std::make_shared<session::UpOptions>();
    auto flags = std::make_shared<StartFlags>();
    sub->add_flag("-d,--detach", options->detach, "Return once every service is ready (else follow logs until Ctrl-C)");
    sub->add_flag("--force-recreate", options->force_recreate, "Recreate containers even when unchanged");
    add_start_flags(sub, *flags);
    add_watch_flags(sub, options->watch);
    sub->add_option("services", options->services, "Only these services and what they depend on (default: all)")
        ->type_name("SERVICE");
    sub->callback([&global = ctx.global, &action = ctx.action, options, flags] {
        action = [&global, options, flags](const session::Runtime& rt) {
            options->global = global;
            options->timeout = timeout_of(*flags);
            options->subnet_pool = subnet_pool_of(*flags);
            options->build = build_when_of(*flags);
            report::StderrReporter reporter(global.quiet, flags->timings);
            return session::up(rt, *options, reporter);
        };
    });
}

}  // namespace dtx::cli
