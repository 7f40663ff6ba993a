#include "cli/start_options.hpp"

#include "util/duration.hpp"
#include "util/environment.hpp"
#include "util/error.hpp"

namespace dtx::cli {

void add_start_flags(CLI::App* sub, StartFlags& flags) {
    sub->add_option("--timeout", flags.timeout,
                    "How long each service may take to become ready (default: x-dtx wait-timeout, else 60s)")
        ->type_name("DURATION");
    sub->add_option("--subnet-pool", flags.subnet_pool,
                    "Give the network a small free subnet from this IPv4 range instead of the engine's address "
                    "pools (default: $DTX_SUBNET_POOL)")
        ->type_name("CIDR");
    auto* build = sub->add_flag("--build", flags.build,
                                "Build the images of services with build: first, even when present (up: changed "
                                "images recreate their containers)");
    sub->add_flag("--no-build", flags.no_build,
                  "Never build: use the images of services with build: as they are (an error when missing)")
        ->excludes(build);
    sub->add_flag("--timings", flags.timings,
                  "Print when each service was created, started and ready (ms since the start) and how readiness "
                  "was checked");
}

void add_watch_flags(CLI::App* sub, start::WatchRequest& watch) {
    sub->add_option("--exit-code-from", watch.exit_code_from,
                    "Instead of a command: start SERVICE once what it needs is ready, show its output and return "
                    "its exit code (a test-runner service)")
        ->type_name("SERVICE");
    sub->add_flag("--abort-on-container-exit", watch.abort_on_container_exit,
                  "Instead of a command: show every service's output and stop when any container exits, "
                  "returning its exit code (--exit-code-from's with that flag too)");
}

std::optional<std::chrono::milliseconds> timeout_of(const StartFlags& flags) {
    if (flags.timeout.empty()) {
        return std::nullopt;
    }
    auto parsed = util::parse_duration(flags.timeout);
    if (!parsed) {
        throw UsageError("--timeout: " + parsed.error().message);
    }
    return parsed.value();
}

images::BuildWhen build_when_of(const StartFlags& flags) {
    if (flags.build) {
        return images::BuildWhen::always;
    }
    return flags.no_build ? images::BuildWhen::never : images::BuildWhen::needed;
}

std::optional<plan::Subnet> subnet_pool_of(const StartFlags& flags) {
    std::string source = "--subnet-pool";
    std::string text = flags.subnet_pool;
    if (text.empty()) {
        source = "DTX_SUBNET_POOL";
        text = util::getenv_value(source).value_or("");
        if (text.empty()) {
            return std::nullopt;
        }
    }
    auto pool = plan::parse_subnet(text);
    if (!pool) {
        throw UsageError(source + ": " + pool.error().message);
    }
    return pool.value();
}

}  // namespace dtx::cli
