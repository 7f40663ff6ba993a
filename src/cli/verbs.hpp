#pragma once
// The verbs: one file each registers its subcommand and flags, and the action that runs it through
// the session with the runtime cli/ builds.

#include "session/options.hpp"
#include "session/runtime.hpp"

#include <CLI/CLI.hpp>
#include <array>
#include <functional>
#include <string>
#include <vector>

namespace dtx::cli {

// Runs the verb that was named; returns its exit code.
using Action = std::function<int(const session::Runtime&)>;

// What registering a verb needs.
struct VerbContext {
    CLI::App& app;
    const session::GlobalOptions& global;     // filled in by parsing, before any action runs
    const std::vector<std::string>& command;  // everything after the first `--` on the command line
    Action& action;                           // set by the callback of the verb that was named
};

using AddVerb = void (*)(const VerbContext&);

void add_run(const VerbContext& ctx);
void add_up(const VerbContext& ctx);
void add_down(const VerbContext& ctx);
void add_env(const VerbContext& ctx);
void add_config(const VerbContext& ctx);
void add_validate(const VerbContext& ctx);
void add_prune(const VerbContext& ctx);
void add_version(const VerbContext& ctx);
void add_reap(const VerbContext& ctx);  // hidden: `dtx __reap`

// Every verb, in the order `dtx --help` lists them.
inline constexpr std::array<AddVerb, 9> k_verbs = {add_run,  add_up,   add_config, add_validate, add_version,
                                                   add_reap, add_down, add_prune,  add_env};

}  // namespace dtx::cli
