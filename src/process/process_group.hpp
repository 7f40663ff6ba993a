#pragma once
// Ending a process group: the test command and whatever it started (util::spawn makes it a group).

#include "util/clock.hpp"

#include <sys/types.h>

namespace dtx::process {

// Sends SIGTERM to process group `pgid`, waits up to `grace` until none of its processes runs
// (zombies do not count: the new parent of an orphaned group may be slow to reap them), then sends
// SIGKILL to what is left. Returns false when the group had to be killed with SIGKILL; true when it
// ended in time or did not exist. `pgid` 0 or 1 is refused (returns true): never a broadcast.
bool stop_process_group(pid_t pgid, util::Duration grace);

}  // namespace dtx::process
