#pragma once
// Running the test command: directly with execvp semantics (no shell), with an explicit environment.

#include "util/clock.hpp"
#include "util/result.hpp"

#include <sys/types.h>
#include <string>
#include <vector>

namespace dtx::util {

// Starts argv[0] (searched on PATH when it has no '/') with exactly `env` ("K=V" entries).
// Fails with Errc::not_found when the program does not exist, Errc::invalid when it exists but
// cannot be executed, Errc::io when fork fails; the exec outcome is known before this returns.
Result<pid_t> spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env);

// Waits for `pid` to end. When dtx receives a termination signal meanwhile, the signal is passed on
// to the child (unless the terminal already sent it to the whole process group), the child gets
// `grace` to finish, then SIGKILL. Returns the child's exit status, or 128 + signal if it was killed.
int wait_child(pid_t pid, Duration grace);

}  // namespace dtx::util
