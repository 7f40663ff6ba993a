#pragma once
// What `run` and `up` do before they touch the engine.

#include "compose/model.hpp"
#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"

#include <string>
#include <vector>

namespace dtx::session {

// The valid spec narrowed to `services` and their dependencies (all when empty), with a warning
// for every setting `verb` does not apply yet. Throws SpecError / UsageError.
compose::Project load_for_start(const Runtime& rt, const GlobalOptions& global,
                                const std::vector<std::string>& services, report::Reporter& reporter,
                                const std::string& verb);

}  // namespace dtx::session
