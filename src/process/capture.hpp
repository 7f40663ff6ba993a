#pragma once
// Running a helper command to completion with its output kept (x-dtx.init's host steps), unlike
// the test command, which owns the terminal (process.hpp).

#include "util/clock.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace dtx::process {

// How much output is kept: the end of it, where the error usually is.
inline constexpr std::size_t k_max_captured = std::size_t{64} * 1024;

struct CaptureOptions {
    std::vector<std::string> argv;  // argv[0] is searched on PATH when it has no '/'
    std::vector<std::string> env;   // exactly these "K=V" entries
    std::string cwd;                // empty: dtx's own
    std::function<bool()> stop;     // polled while it runs: true sends SIGTERM to its process group
                                    // (its own), then SIGKILL after `grace`
    util::Duration grace = std::chrono::seconds(2);
};

struct Captured {
    int exit_code = 0;   // or 128 + the signal that ended it
    std::string output;  // stdout and stderr as interleaved, the last k_max_captured bytes
};

// Runs the command with stdin from /dev/null and waits until it ends (not until every process
// that inherited its output does: `server &` does not hold dtx up). Fails with Errc::not_found
// when the program does not exist, Errc::invalid when it cannot be executed or `cwd` cannot be
// entered, Errc::io when a pipe or fork fails.
util::Result<Captured> run_captured(const CaptureOptions& options);

}  // namespace dtx::process
