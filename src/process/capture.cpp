#include "process/capture.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>

namespace dtx::process {

namespace {

constexpr int k_poll_ms = 20;

// What the child tells the parent when it cannot start: which step failed and errno.
struct StartFailure {
    int step = 0;  // k_step_*
    int error = 0;
};
constexpr int k_step_chdir = 1;
constexpr int k_step_exec = 2;

struct Pipe {
    int read = -1;
    int write = -1;
    ~Pipe() {
        close_read();
        close_write();
    }
    void close_read() {
        if (read >= 0) {
            close(read);
            read = -1;
        }
    }
    void close_write() {
        if (write >= 0) {
            close(write);
            write = -1;
        }
    }
};

bool open_pipe(Pipe& p) {
    std::array<int, 2> fds{};
    if (pipe2(fds.data(), O_CLOEXEC) != 0) {
        return false;
    }
    p.read = fds[0];
    p.write = fds[1];
    return true;
}

std::vector<char*> c_strings(const std::vector<std::string>& items) {
    std::vector<char*> out;
    out.reserve(items.size() + 1);
    for (const auto& s : items) {
        out.push_back(const_cast<char*>(s.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

// After fork in a threaded process only async-signal-safe calls are allowed: everything the
// child needs was prepared before.
[[noreturn]] void child(char* const* argv, char* const* envp, const char* cwd, int out_fd, int report_fd,
                        pid_t parent) {
    // dtx killed with SIGKILL (its reaper then removes the services) must not leave this running;
    // the forking thread waits for the child, so it outlives it.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) {
        _exit(128 + SIGTERM);
    }
    // A group of its own, so that stopping it reaches what it started too (sh -c 'sleep 100'
    // leaves sleep running when only sh is signalled).
    setpgid(0, 0);
    std::signal(SIGPIPE, SIG_DFL);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) {
        dup2(null_fd, STDIN_FILENO);
    }
    dup2(out_fd, STDOUT_FILENO);
    dup2(out_fd, STDERR_FILENO);
    StartFailure failure;
    if (cwd != nullptr && chdir(cwd) != 0) {
        failure = {k_step_chdir, errno};
    } else {
        execvpe(argv[0], argv, envp);
        failure = {k_step_exec, errno};
    }
    ssize_t ignored = write(report_fd, &failure, sizeof failure);
    (void)ignored;
    _exit(127);
}

util::Failure start_failure(const StartFailure& f, const CaptureOptions& options) {
    if (f.step == k_step_chdir) {
        return util::Failure{util::Errc::invalid,
                             fmt::format("cannot enter {}: {}", options.cwd, std::strerror(f.error))};
    }
    if (f.error == ENOENT || f.error == ENOTDIR) {
        return util::Failure{util::Errc::not_found, fmt::format("command not found: {}", options.argv[0])};
    }
    return util::Failure{util::Errc::invalid,
                         fmt::format("cannot execute {}: {}", options.argv[0], std::strerror(f.error))};
}

void keep_tail(std::string& output, const char* data, std::size_t n) {
    output.append(data, n);
    if (output.size() > k_max_captured) {
        output.erase(0, output.size() - k_max_captured);
    }
}

int decode_status(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}

// What the child reported on `report_fd` before it closed it on exec: nullopt when it started.
std::optional<StartFailure> read_start_failure(int report_fd) {
    StartFailure failure;
    ssize_t n = 0;
    do {
        n = read(report_fd, &failure, sizeof failure);
    } while (n < 0 && errno == EINTR);
    if (n == static_cast<ssize_t>(sizeof failure)) {
        return failure;
    }
    return std::nullopt;
}

// Reads the started child's output from the non-blocking `out_fd` until the child ends, stopping
// it (SIGTERM to its group, SIGKILL after options.grace) once options.stop says so.
Captured collect_until_exit(pid_t pid, int out_fd, const CaptureOptions& options) {
    Captured result;
    std::array<char, 4096> buffer{};
    auto drain = [&] {
        ssize_t got = 0;
        while ((got = read(out_fd, buffer.data(), buffer.size())) > 0) {
            keep_tail(result.output, buffer.data(), static_cast<std::size_t>(got));
        }
        return got == 0;  // end of output
    };
    bool open = true;
    bool signalled = false;
    auto kill_at = std::chrono::steady_clock::time_point::max();
    for (;;) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            drain();  // what it wrote before it ended; a background child's later output is not waited for
            result.exit_code = decode_status(status);
            return result;
        }
        if (!signalled && options.stop && options.stop()) {
            signalled = true;
            kill(-pid, SIGTERM);
            kill_at = std::chrono::steady_clock::now() + options.grace;
        }
        if (std::chrono::steady_clock::now() >= kill_at) {
            kill(-pid, SIGKILL);
        }
        pollfd fd{out_fd, POLLIN, 0};
        if (open && poll(&fd, 1, k_poll_ms) > 0) {
            open = !drain();
        } else if (!open) {
            usleep(k_poll_ms * 1000);
        }
    }
}

}  // namespace

util::Result<Captured> run_captured(const CaptureOptions& options) {
    if (options.argv.empty() || options.argv[0].empty()) {
        return util::fail(util::Errc::invalid, "no command given");
    }
    Pipe out;
    Pipe report;
    if (!open_pipe(out) || !open_pipe(report)) {
        return util::fail(util::Errc::io, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    }
    auto argv = c_strings(options.argv);
    auto envp = c_strings(options.env);
    const char* cwd = options.cwd.empty() ? nullptr : options.cwd.c_str();
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        return util::fail(util::Errc::io, fmt::format("cannot fork: {}", std::strerror(errno)));
    }
    if (pid == 0) {
        child(argv.data(), envp.data(), cwd, out.write, report.write, parent);
    }
    setpgid(pid, pid);  // also here: a stop may come before the child got to it
    out.close_write();
    report.close_write();
    if (auto failure = read_start_failure(report.read)) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return start_failure(*failure, options);
    }
    fcntl(out.read, F_SETFL, O_NONBLOCK);
    return collect_until_exit(pid, out.read, options);
}

}  // namespace dtx::process
