#pragma once
// What `run` and `up` do before they touch the engine.

#include "session/options.hpp"
#include "session/reporter.hpp"
#include "spec/model.hpp"

#include <string>
#include <vector>

namespace dtx::session {

// The valid spec narrowed to `services` and their dependencies (all when empty), with a warning
// for every setting `verb` does not apply yet. Throws SpecError / UsageError.
spec::Project load_for_start(const GlobalOptions& global, const std::vector<std::string>& services, Reporter& reporter,
                             const std::string& verb);

}  // namespace dtx::session
