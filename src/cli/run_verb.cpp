#include "cli/verbs.hpp"
#include "session/reporter.hpp"
#include "session/run.hpp"
#include "util/duration.hpp"
#include "util/error.hpp"

namespace dtx::cli {

void add_run(CLI::App& app, const session::GlobalOptions& global, const std::vector<std::string>& command,
             Action& action) {
    auto* sub = app.add_subcommand("run", "Start the services, wait until ready, run a command, remove everything");
    auto timeout = std::make_shared<std::string>();
    sub->add_option("--timeout", *timeout,
                    "How long each service may take to become ready (default: x-dtx wait-timeout, else 60s)")
        ->type_name("DURATION");
    auto services = std::make_shared<std::vector<std::string>>();
    auto dry_run = std::make_shared<bool>(false);
    auto keep_host_ports = std::make_shared<bool>(false);
    auto keep = std::make_shared<bool>(false);
    auto keep_on_failure = std::make_shared<bool>(false);
    sub->add_flag("--keep", *keep, "Leave the containers, volumes and network in place afterwards");
    sub->add_flag("--keep-on-failure", *keep_on_failure,
                  "Leave them in place when the command fails or the services do not become ready");
    sub->add_flag("--dry-run", *dry_run, "Print the plan (containers, ports, order) and create nothing");
    sub->add_flag("--keep-host-ports", *keep_host_ports,
                  "Publish fixed host ports (5433:5432) as written instead of ephemeral ones");
    sub->add_option("services", *services, "Only these services and what they depend on (default: all)")
        ->type_name("SERVICE");
    sub->footer("Usage: dtx run [OPTIONS] [SERVICE...] -- COMMAND [ARGS...]");
    sub->callback([&global, &command, &action, timeout, services, dry_run, keep_host_ports, keep, keep_on_failure] {
        action = [&global, &command, timeout, services, dry_run, keep_host_ports, keep, keep_on_failure] {
            session::RunOptions options;
            options.global = global;
            options.command = command;
            options.services = *services;
            options.dry_run = *dry_run;
            options.keep_host_ports = *keep_host_ports;
            options.keep = *keep;
            options.keep_on_failure = *keep_on_failure;
            if (!timeout->empty()) {
                auto parsed = util::parse_duration(*timeout);
                if (!parsed) {
                    throw UsageError("--timeout: " + parsed.error().message);
                }
                options.timeout = parsed.value();
            }
            session::StderrReporter reporter(global.quiet);
            return session::run(options, reporter);
        };
    });
}

}  // namespace dtx::cli
