#pragma once
// What prune needs from the system: whether a process lives and since when, and this machine's name.

#include "teardown/prune_select.hpp"

#include <optional>
#include <string>

namespace dtx::teardown {

// Whether process `pid` (> 0) exists on this machine, and when it started (from /proc). A process
// this user may not signal exists; a zombie does not (its program has ended). When the system
// cannot tell, it is reported as existing, so prune keeps the run.
ProcessStatus process_status(int pid);

// This machine's hostname, as `dtx run` writes it into dev.dtx.owner-host.
std::string this_host();

}  // namespace dtx::teardown
