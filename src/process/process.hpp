#pragma once
// Running the test command: directly with execvp semantics (no shell), with an explicit environment,
// in a process group of its own, so that a signal or the reaper reaches whatever it starts.

#include "util/clock.hpp"
#include "util/result.hpp"
#include "util/stop.hpp"

#include <sys/types.h>
#include <string>
#include <vector>

namespace dtx::process {

struct SpawnOptions {
    // When >= 0, the child writes "group <pgid>\n" on this descriptor before it execs (the
    // reaper's pipe: it then knows the group even when dtx is killed the moment after the fork).
    int group_fd = -1;
};

// Starts argv[0] (searched on PATH when it has no '/') with exactly `env` ("K=V" entries), as the
// leader of a new process group (its pgid is its pid). When stdin is a terminal whose foreground
// group is dtx's, the command's group becomes the foreground group, so the terminal's Ctrl-C,
// Ctrl-Z and reads reach the command; wait_child gives the terminal back. The command gets SIGTERM
// if dtx dies (PR_SET_PDEATHSIG).
// Fails with Errc::not_found when the program does not exist, Errc::invalid when it exists but
// cannot be executed, Errc::io when fork fails; the exec outcome is known before this returns.
util::Result<pid_t> spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const SpawnOptions& options = {});

// Waits for `pid`, started by spawn, to end. When `stop` is requested meanwhile, its signal is passed on to the
// command's whole process group, which gets `grace` to finish (a second signal cuts it short), then SIGKILL. When the
// command had the terminal, dtx takes it back once the command ends; a command stopped there (Ctrl-Z) stops dtx too,
// and `fg` resumes both; a command killed there by the terminal's SIGINT or SIGQUIT counts as that signal received by
// dtx (as shells do), so the run ends as interrupted. Returns the command's exit status, or 128 + signal if it was
// killed.
int wait_child(pid_t pid, util::Duration grace, const util::StopToken& stop);

}  // namespace dtx::process
