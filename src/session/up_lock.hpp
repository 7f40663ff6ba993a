#pragma once
// One `dtx up` of an environment at a time on this machine. Two at once would each create the
// network (the engine lets both through, leaving two of the same name that break every later up)
// and race for the container names; so the second waits until the first has brought the
// environment up, then finds it in place.

#include "report/reporter.hpp"
#include "util/clock.hpp"
#include "util/file_lock.hpp"
#include "util/stop.hpp"

#include <string>

namespace dtx::session {

// The lock file of environment `run_id` on engine `endpoint` (DOCKER_HOST, or empty for the
// default socket): <temp dir>/dtx-locks/up-<run_id>-<hash>.lock.
std::string up_lock_path(const std::string& run_id, const std::string& endpoint);

// Takes the lock at `path`; while another process holds it, says so once and waits, polling on
// `clock`. Throws Interrupted when `stop` is requested while waiting, EngineError when the lock file
// cannot be made.
util::FileLock lock_environment(const std::string& path, const std::string& run_id, report::Reporter& reporter,
                                util::Clock& clock, const util::StopToken& stop);

}  // namespace dtx::session
