#pragma once
// One function per verb: registers its subcommand and flags, and the action that runs it.

#include "session/options.hpp"

#include <CLI/CLI.hpp>
#include <functional>

namespace dtx::cli {

using Action = std::function<int()>;

// `command` is everything after the first `--` on the command line.
void add_run(CLI::App& app, const session::GlobalOptions& global, const std::vector<std::string>& command,
             Action& action);
void add_up(CLI::App& app, const session::GlobalOptions& global, Action& action);
void add_config(CLI::App& app, const session::GlobalOptions& global, Action& action);
void add_validate(CLI::App& app, const session::GlobalOptions& global, Action& action);
void add_version(CLI::App& app, const session::GlobalOptions& global, Action& action);
void add_reap(CLI::App& app, const session::GlobalOptions& global, Action& action);  // hidden: `dtx __reap`
void add_down(CLI::App& app, const session::GlobalOptions& global, Action& action);
void add_prune(CLI::App& app, const session::GlobalOptions& global, Action& action);
void add_env(CLI::App& app, const session::GlobalOptions& global, Action& action);

}  // namespace dtx::cli
