#pragma once
// What each verb needs, filled in by cli/ from flags; nothing below cli/ parses arguments.

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
    std::vector<std::string> command;                  // after `--`
    std::vector<std::string> services;                 // SERVICE...: only these and their dependencies
    bool dry_run = false;                              // --dry-run: print the plan, touch nothing
    bool keep_host_ports = false;                      // --keep-host-ports: publish fixed host ports as written
    bool keep = false;                                 // --keep: leave everything in place afterwards
    bool keep_on_failure = false;                      // --keep-on-failure: only when the run failed
    std::optional<std::chrono::milliseconds> timeout;  // --timeout: readiness deadline for every service
    std::chrono::milliseconds command_grace{5'000};    // after forwarding a signal, before SIGKILL
};

}  // namespace dtx::session
