#pragma once

namespace dtx::cli {

// Parses the command line, runs the verb, and turns every error into its exit code.
int run(int argc, char** argv);

}  // namespace dtx::cli
