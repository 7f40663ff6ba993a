#pragma once
// What prune needs from the system: whether a process lives and since when, this machine's name,
// and the engine's timestamps as wall-clock times.

#include "session/prune_select.hpp"

#include <optional>
#include <string>

namespace dtx::session {

// Whether process `pid` (> 0) exists on this machine, and when it started (from /proc). A process
// this user may not signal exists; a zombie does not (its program has ended). When the system
// cannot tell, it is reported as existing, so prune keeps the run.
ProcessStatus process_status(int pid);

// This machine's hostname, as `dtx run` writes it into dev.dtx.owner-host.
std::string this_host();

// An engine timestamp ("2024-05-01T12:34:56.123456789Z", or with a "+02:00" offset) as a wall-clock
// time; nullopt when malformed or the engine's zero time ("0001-01-01T00:00:00Z": never started).
std::optional<WallTime> parse_engine_time(const std::string& text);

}  // namespace dtx::session
