#pragma once
// Black-box runs of the built dtx binary, and engine queries to check what a run left behind.

#include "engine/docker_engine.hpp"

#include <sys/types.h>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dtx::test {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

struct Invocation {
    std::vector<std::string> args;           // after the binary's name
    std::string cwd;                         // empty: the current directory
    std::map<std::string, std::string> env;  // added to (or replacing in) the test's environment
};

// Runs dtx to completion and captures both streams.
RunResult run_dtx(const Invocation& inv);
inline RunResult run_dtx(std::vector<std::string> args) {
    return run_dtx(Invocation{std::move(args), {}, {}});
}

// Starts dtx in the background with both streams sent to files; finish with wait_dtx.
struct Background {
    pid_t pid = -1;
    std::string out_path;
    std::string err_path;
};
Background start_dtx(const Invocation& inv);
inline Background start_dtx(std::vector<std::string> args) {
    return start_dtx(Invocation{std::move(args), {}, {}});
}
RunResult wait_dtx(const Background& bg);

// Runs `command` with /bin/sh (test set-up with the docker CLI, openssl, …) and captures both streams.
RunResult run_shell(const std::string& command);

// The real engine of DOCKER_HOST (or the default socket), negotiated once, shared by all tests.
dtx::engine::DockerEngine& shared_engine();

// True when the engine answers; otherwise `why` says what failed.
bool engine_available(std::string& why);

// Containers and networks carrying label `key=value` (dev.dtx.project=…, dev.dtx.run=…).
int count_containers(const std::string& label);
int count_networks(const std::string& label);
int count_volumes(const std::string& label);

// The compose file of fixture `name`: tests/integration/fixtures/<name>/compose.yaml.
std::string fixture(const std::string& name);

// A fresh project name so tests running in parallel never see each other's resources.
std::string unique_project(const std::string& stem);

// The absolute path of a file under the source tree (e.g. "tests/cli/fixtures/quickstart").
std::string source_path(const std::string& relative);

// A TCP port on 127.0.0.1 that nobody listens on right now (the kernel's pick); 0 when none could
// be had. Someone may take it before the caller does: retry where that matters.
std::uint16_t free_tcp_port();

// Waits up to `seconds` until `path` exists.
bool wait_for_file(const std::string& path, int seconds);

}  // namespace dtx::test
