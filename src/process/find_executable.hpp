#pragma once
// Finding the test command's program before anything is started, the way execvp will look for it.

#include "util/result.hpp"

#include <string>
#include <vector>

namespace dtx::process {

// Where execvp would find `name`: a name holding '/' is that path; any other is looked for in each
// directory of `path` (a PATH value: ':'-separated, an empty entry is the current directory), the
// first executable regular file winning. Returns the path found. Fails with Errc::not_found when
// nothing of that name exists, Errc::invalid when something does but cannot be executed (no
// execute permission, a directory); the message is one sentence naming `name` and why.
util::Result<std::string> find_executable(const std::string& name, const std::string& path);

// For `dtx run`, before the engine is contacted: throws CommandError, exit 127 (not found) or 126
// (not executable), when the program of `command` (its first word) cannot be run with the caller's
// PATH (glibc's default "/bin:/usr/bin" when unset). An empty command passes (a usage error elsewhere).
void require_command(const std::vector<std::string>& command);

}  // namespace dtx::process
