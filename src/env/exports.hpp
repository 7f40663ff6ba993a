#pragma once
// x-dtx.export applied: the environment dtx hands to the test command (and `dtx env` prints) is the
// connection variables, then each service's export templates, then the top-level ones.

#include "compose/model.hpp"
#include "env/connection_env.hpp"
#include "util/env_lookup.hpp"

#include <string>
#include <vector>

namespace dtx::env {

// Expands the export templates of `project` onto `env`, each replacing a same-named variable:
// first those of every service in `endpoints` (services in name order) — {host} {port} {port:N}
// from its endpoint, {env:NAME} from its own environment, {service}, {run} = `run_id` — then the
// top-level ones, whose {env:NAME} is the variable as set so far in `env`, else `caller`'s.
// Throws SpecError naming the template when a placeholder has no value (a port the service does
// not publish, a variable nobody sets).
void apply_exports(const compose::Project& project, const std::string& run_id,
                   const std::vector<ServiceEndpoint>& endpoints, const util::EnvLookup& caller, EnvList& env);

// Everything dtx adds to the test command's environment: explain_connection_env, then apply_exports.
ConnectionEnv command_env(const compose::Project& project, const std::string& run_id, const std::string& network,
                          const std::vector<ServiceEndpoint>& endpoints, const util::EnvLookup& caller);

}  // namespace dtx::env
