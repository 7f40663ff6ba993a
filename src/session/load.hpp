#pragma once
// Loading the spec for a verb: options from the command line, warnings to the reporter.

#include "load/loader.hpp"
#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"

namespace dtx::session {

// Loads the spec named by the global options (or discovered in rt.working_dir), reporting
// its warnings, and registers its secrets so that everything printed from now on masks them.
// Returns the errors too; the caller decides whether they stop it.
// `services` are named on the command line: active whatever their profiles.
load::LoadResult load_spec(const Runtime& rt, const GlobalOptions& global, report::Reporter& reporter,
                           bool report_warnings = true, const std::vector<std::string>& services = {});

// load_spec, throwing SpecError with every error when the spec is invalid.
load::LoadResult load_valid_spec(const Runtime& rt, const GlobalOptions& global, report::Reporter& reporter,
                                 const std::vector<std::string>& services = {});

// Leaves `wanted` and everything they depend on, as `docker compose config SERVICE...` and
// `docker compose up SERVICE...` do. Throws UsageError naming a service the project does not have.
void keep_services(compose::Project& project, const std::vector<std::string>& wanted);

}  // namespace dtx::session
