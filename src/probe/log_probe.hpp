#pragma once
// Readiness announced by the service itself in its output: a log line matching a regex.

#include "probe/probe.hpp"
#include "probe/probe_target.hpp"

#include <memory>
#include <string>

namespace dtx::probe {

// Ready once the container's stdout and stderr, since it started, hold at least `occurrences` lines
// matching `regex` (ECMAScript, searched in each complete line on its own, so a match never spans
// two lines and a chunk boundary inside a line does not matter). Each check reads the output again
// but matches only the lines it has not seen yet, counted per stream; a line still missing its
// newline waits for the next check. not_yet: "1 of 2 matches of /ready/" (or "not started yet");
// failed: the container stopped ("the container exited with code N"), is gone, or `regex` is not a
// valid regex.
std::unique_ptr<Probe> log_probe(std::shared_ptr<ProbeTarget> target, std::string regex, int occurrences = 1);

}  // namespace dtx::probe
