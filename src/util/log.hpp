#pragma once
// Logging goes to stderr only: stdout belongs to the test command, `dtx env` and --json.

namespace dtx::util {

// 0: warnings and errors; 1 (-v): debug; 2 (-vv): trace, including every engine request.
void setup_logging(int verbosity);

}  // namespace dtx::util
