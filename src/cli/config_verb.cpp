#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/config.hpp"

namespace dtx::cli {

void add_config(const VerbContext& ctx) {
    auto* sub = ctx.app.add_subcommand("config", "Print the resolved spec, as docker compose config does");
    auto options = std::make_shared<session::ConfigOptions>();
    sub->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"yaml", "json"}));
    auto* services = sub->add_flag("--services", options->services, "Print the active services' names");
    auto* profiles = sub->add_flag("--profiles", options->profiles, "Print the profiles the spec names");
    auto* images = sub->add_flag("--images", options->images, "Print the active services' images");
    services->excludes(profiles)->excludes(images);
    profiles->excludes(images);
    sub->add_flag("-q,--quiet", options->quiet, "Only validate; print nothing");
    sub->add_flag_function(
        "--no-mask", [options](std::int64_t) { options->mask = false; },
        "Print passwords and other secrets in clear instead of ****");
    sub->add_option("services", options->only, "Only these services (and their dependencies)")->type_name("SERVICE");
    sub->callback([&global = ctx.global, &action = ctx.action, options] {
        action = [&global, options](const session::Runtime& rt) {
            options->global = global;
            report::StderrReporter reporter(global.quiet || options->quiet);
            return session::show_config(rt, *options, reporter);
        };
    });
}

}  // namespace dtx::cli
