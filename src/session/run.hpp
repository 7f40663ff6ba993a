#pragma once
// `dtx run`: a fresh isolated environment around one command.

#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"

namespace dtx::session {

// Loads the spec, starts every service on a new network, waits until each is ready, runs the
// command with the connection variables, and removes everything again whatever happens.
// Returns the command's exit code; throws dtx::Error (after teardown) for dtx's own failures.
int run(const Runtime& rt, const RunOptions& options, report::Reporter& reporter);

}  // namespace dtx::session
