#pragma once
// Conditions that stop a command. Each carries the process exit code; only cli/ catches them.

#include <stdexcept>
#include <string>

namespace dtx {

namespace exit_code {
inline constexpr int k_ok = 0;
inline constexpr int k_invalid = 1;         // `dtx validate` on an invalid spec
inline constexpr int k_service_failed = 1;  // `dtx run`: the command succeeded, a service exited non-zero
inline constexpr int k_usage = 2;           // command-line usage error
inline constexpr int k_dtx_failure = 125;   // spec, engine or readiness failure before the command ran
inline constexpr int k_not_executable = 126;
inline constexpr int k_not_found = 127;
inline constexpr int k_signal_base = 128;  // 128 + signal number when interrupted
}  // namespace exit_code

class Error : public std::runtime_error {
public:
    Error(const std::string& message, int exit_code) : std::runtime_error(message), m_exit_code(exit_code) {}
    int exit_code() const { return m_exit_code; }

private:
    int m_exit_code;
};

// A problem in the spec file; the message already names file:line:column and the spec path.
class SpecError : public Error {
public:
    explicit SpecError(const std::string& message) : Error(message, exit_code::k_dtx_failure) {}
};

class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(message, exit_code::k_usage) {}
};

// The engine could not be reached or refused an operation dtx needs before the command ran.
class EngineError : public Error {
public:
    explicit EngineError(const std::string& message) : Error(message, exit_code::k_dtx_failure) {}
};

// A service did not become ready, or its container stopped while dtx waited.
class ReadinessError : public Error {
public:
    explicit ReadinessError(const std::string& message) : Error(message, exit_code::k_dtx_failure) {}
};

// An x-dtx.init step of a ready service failed: an SQL error, a command that did not exit 0.
class InitError : public Error {
public:
    explicit InitError(const std::string& message) : Error(message, exit_code::k_dtx_failure) {}
};

// dtx received a termination signal; exits with 128 + the signal's number.
class Interrupted : public Error {
public:
    explicit Interrupted(int signal)
        : Error("interrupted; everything was removed", exit_code::k_signal_base + signal), m_signal(signal) {}
    int signal() const { return m_signal; }

private:
    int m_signal;
};

// The test command could not be started (127: not found, 126: not executable).
class CommandError : public Error {
public:
    CommandError(const std::string& message, int exit_code) : Error(message, exit_code) {}
};

}  // namespace dtx
