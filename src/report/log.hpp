#pragma once
// Logging goes to stderr only: stdout belongs to the test command, `dtx env` and --json.

#include <cstdio>

namespace dtx::report {

// 0: warnings and errors; 1 (-v): debug; 2 (-vv): trace, including every engine request.
// Every line is written with its secrets masked (secrets/secrets.hpp). `out` is for tests; calling
// again replaces the default logger.
void setup_logging(int verbosity, std::FILE* out = stderr);

}  // namespace dtx::report
