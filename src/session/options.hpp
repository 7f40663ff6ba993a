#pragma once
// What each verb needs, filled in by cli/ from flags; nothing below cli/ parses arguments.

#include "images/images.hpp"
#include "plan/subnet_pool.hpp"
#include "start/watch.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace dtx::session {

struct GlobalOptions {
    std::vector<std::string> files;      // -f, in order; empty: discovery
    std::string project_name;            // -p
    std::vector<std::string> profiles;   // --profile
    std::vector<std::string> env_files;  // --env-file
    int verbosity = 0;                   // -v count
    bool quiet = false;                  // -q
};

struct RunOptions {
    GlobalOptions global;
    std::vector<std::string> command;                     // after `--`
    std::vector<std::string> services;                    // SERVICE...: only these and their dependencies
    bool dry_run = false;                                 // --dry-run: print the plan, touch nothing
    bool keep_host_ports = false;                         // --keep-host-ports: publish fixed host ports as written
    bool keep = false;                                    // --keep: leave everything in place afterwards
    bool keep_on_failure = false;                         // --keep-on-failure: only when the run failed
    std::optional<std::chrono::milliseconds> timeout;     // --timeout: readiness deadline for every service
    std::chrono::milliseconds command_grace{5'000};       // after forwarding a signal, before SIGKILL
    std::optional<plan::Subnet> subnet_pool;              // --subnet-pool / DTX_SUBNET_POOL: dtx picks subnets in it
    images::BuildWhen build = images::BuildWhen::needed;  // --build / --no-build
    start::WatchRequest watch;                            // --exit-code-from, --abort-on-container-exit
};

struct UpOptions {
    GlobalOptions global;
    std::vector<std::string> services;                    // SERVICE...: only these and their dependencies
    bool detach = false;                                  // -d: return once ready; else follow logs until Ctrl-C
    bool force_recreate = false;                          // --force-recreate: recreate even unchanged services
    images::BuildWhen build = images::BuildWhen::needed;  // --build / --no-build
    std::optional<std::chrono::milliseconds> timeout;     // --timeout: readiness deadline for every service
    std::optional<plan::Subnet> subnet_pool;              // --subnet-pool / DTX_SUBNET_POOL
    start::WatchRequest watch;                            // --exit-code-from, --abort-on-container-exit
};

struct DownOptions {
    GlobalOptions global;
    std::string run_id;           // --run ID: that run, whatever its project
    bool all = false;             // --all: every run of the project (its up environment and kept runs)
    bool remove_volumes = false;  // -v/--volumes: named volumes too (anonymous ones always go)
};

struct PruneOptions {
    GlobalOptions global;  // an explicit -p limits prune to that project
    bool all = false;      // --all: every dtx run, whatever its owner
    bool dry_run = false;  // --dry-run: print what would be removed, remove nothing
};

}  // namespace dtx::session
