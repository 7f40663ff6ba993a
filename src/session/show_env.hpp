#pragma once
// `dtx env`: the variables dtx would hand a test command, for the environment `dtx up` started.

#include "env/env_format.hpp"
#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"
#include "util/error.hpp"

#include <cstdio>

namespace dtx::session {

struct EnvOptions {
    GlobalOptions global;
    env::EnvFormat format = env::EnvFormat::sh;  // --format
};

// Exit status of `dtx env` when the environment is not up: an answer about the engine's state, as
// `dtx validate`'s 1 is about the spec, not a failure of dtx (125).
inline constexpr int k_env_not_up = 1;

class NotUpError : public Error {
public:
    explicit NotUpError(const std::string& message) : Error(message, k_env_not_up) {}
};

// Loads the spec (-f, -p as `dtx up` does), finds the project's `dtx up` environment (run id = the
// project name) by label, and writes only dtx's variables — connection variables, then x-dtx.export —
// to rt.out in `options.format`; why client variables or services were left out goes to the
// reporter. Returns 0. Throws NotUpError when no container of that environment is running,
// SpecError, EngineError.
int show_env(const Runtime& rt, const EnvOptions& options, report::Reporter& reporter);

}  // namespace dtx::session
