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
    sub->footer("Usage: dtx run [OPTIONS] -- COMMAND [ARGS...]");
    sub->callback([&global, &command, &action, timeout] {
        action = [&global, &command, timeout] {
            session::RunOptions options;
            options.global = global;
            options.command = command;
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
