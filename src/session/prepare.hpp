#pragma once
// What `run` and `up` do before they touch the engine.

#include "compose/model.hpp"
#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"
#include "start/watch.hpp"

#include <string>
#include <vector>

namespace dtx::session {

// The valid spec narrowed to `services` and their dependencies (all when empty), with a warning
// for every setting `verb` does not apply yet. A `runner` (--exit-code-from) is one of the
// services, and alone it selects only itself and what it needs; nothing may depend on it, since
// it starts last. Throws SpecError / UsageError.
compose::Project load_for_start(const Runtime& rt, const GlobalOptions& global, std::vector<std::string> services,
                                report::Reporter& reporter, const std::string& verb, const std::string& runner = {});

// Throws UsageError when a command and --exit-code-from / --abort-on-container-exit are both
// given (`verb`: "run", "up").
void check_watch_request(const start::WatchRequest& watch, bool command, const std::string& verb);

}  // namespace dtx::session
