#pragma once
// Flags shared by the verbs that start services (run, up).

#include "plan/subnet_pool.hpp"
#include "session/options.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace dtx::cli {

struct StartFlags {
    std::string timeout;      // --timeout, as written
    std::string subnet_pool;  // --subnet-pool, as written
    bool timings = false;     // --timings: each service's created/started/ready times and strategy
    bool build = false;       // --build
    bool no_build = false;    // --no-build (CLI11 refuses it together with --build)
};

// Registers --timeout, --subnet-pool, --build, --no-build and --timings on `sub`, filling `flags`.
void add_start_flags(CLI::App* sub, StartFlags& flags);

// Registers --exit-code-from and --abort-on-container-exit on `sub`, filling `watch`.
void add_watch_flags(CLI::App* sub, start::WatchRequest& watch);

// --timeout as a duration; nullopt when not given. Throws UsageError for a malformed one.
std::optional<std::chrono::milliseconds> timeout_of(const StartFlags& flags);

// --build: always, --no-build: never, neither: when needed.
images::BuildWhen build_when_of(const StartFlags& flags);

// --subnet-pool, else DTX_SUBNET_POOL; nullopt when neither is set. Throws UsageError naming where a
// malformed CIDR came from.
std::optional<plan::Subnet> subnet_pool_of(const StartFlags& flags);

}  // namespace dtx::cli
