#pragma once
// `dtx up`: the project's lasting environment, under a stable run id (the project name).

#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"

namespace dtx::session {

// Brings the environment to the spec: keeps containers whose definition (config hash) is
// unchanged, recreates changed ones, creates missing ones, and returns once every service is
// ready (-d). Without -d, then follows the services' logs on stdout until interrupted, and removes
// the environment except its named volumes. Nothing is removed when starting fails: the message
// says how (`dtx down`). Returns the exit code; throws dtx::Error subclasses.
int up(const Runtime& rt, const UpOptions& options, report::Reporter& reporter);

}  // namespace dtx::session
