#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/show_env.hpp"

namespace dtx::cli {

void add_env(const VerbContext& ctx) {
    auto* sub = ctx.app.add_subcommand(
        "env", "Print the variables a test command gets, for the environment dtx up started (secrets in clear)");
    auto options = std::make_shared<session::EnvOptions>();
    auto format = std::make_shared<std::string>("sh");
    sub->add_option("--format", *format,
                    "sh (export lines for eval), dotenv (a .env file), json (one object), github (for $GITHUB_ENV)")
        ->check(CLI::IsMember({"sh", "dotenv", "json", "github"}))
        ->default_str("sh");
    sub->footer(
        "Usage: dtx [-f FILE] [-p NAME] env [--format sh|dotenv|json|github]\n"
        "  eval \"$(dtx env)\"                      # in this shell\n"
        "  dtx env --format dotenv > .env.test\n"
        "  dtx env --format github >> \"$GITHUB_ENV\"\n"
        "Exit 1 when the project's environment is not running (start it with dtx up -d).");
    sub->callback([&global = ctx.global, &action = ctx.action, options, format] {
        action = [&global, options, format](const session::Runtime& rt) {
            options->global = global;
            options->format = env::env_format_named(*format).value_or(env::EnvFormat::sh);
            report::StderrReporter reporter(global.quiet);
            return session::show_env(rt, *options, reporter);
        };
    });
}

}  // namespace dtx::cli
