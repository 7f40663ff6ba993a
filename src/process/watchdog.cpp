#include "process/watchdog.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <string_view>
#include <thread>
#include <utility>

namespace dtx::process {

namespace {

constexpr std::string_view k_done = "done";
// The watcher exits as soon as it reads "done": well under a millisecond once it runs, a few ms
// when it is still starting. Waiting longer would only hide a stuck watcher.
constexpr auto k_exit_wait = std::chrono::milliseconds(500);
constexpr auto k_exit_poll = std::chrono::milliseconds(1);
// Where the child parks its pipe ends while it arranges descriptors 0, 1 and k_watch_fd.
constexpr int k_park_fd = 10;
constexpr int k_max_fd_fallback = 65536;

// Everything from here to become_watcher runs between fork and exec: system calls only
// (async-signal-safe), no allocation, no locks.
void ignore_termination_signals() {
    struct sigaction sa {};
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        sigaction(sig, &sa, nullptr);
    }
}

// A watcher that kept the caller's stdout would make `$(dtx run …)` or a CI log reader wait for it.
void null_stdin_stdout() {
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd < 0) {
        return;
    }
    if (null_fd != STDIN_FILENO) {
        dup2(null_fd, STDIN_FILENO);
    }
    if (null_fd != STDOUT_FILENO) {
        dup2(null_fd, STDOUT_FILENO);
    }
    if (null_fd > STDERR_FILENO) {
        close(null_fd);
    }
}

[[noreturn]] void report_and_exit(int report_fd, int err) {
    ssize_t ignored = write(report_fd, &err, sizeof err);
    (void)ignored;
    _exit(127);
}

[[noreturn]] void become_watcher(const char* path, char* const* argv, int watch_fd, int report_fd, int max_fd) {
    setsid();  // a new session and process group: a kill of dtx's group does not reach the watcher
    ignore_termination_signals();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int report = fcntl(report_fd, F_DUPFD_CLOEXEC, k_park_fd);
    int watch = fcntl(watch_fd, F_DUPFD_CLOEXEC, k_park_fd);
    if (report < 0 || watch < 0) {
        report_and_exit(report < 0 ? report_fd : report, errno);
    }
    null_stdin_stdout();
    if (dup2(watch, k_watch_fd) < 0) {  // the copy is not close-on-exec: the one descriptor that survives
        report_and_exit(report, errno);
    }
    // Whatever else dtx had open (engine sockets, descriptors its own caller passed) must not be
    // held by a process that may live on after dtx.
    if (close_range(k_watch_fd + 1, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = k_watch_fd + 1; fd < max_fd; ++fd) {
            fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
    }
    execve(path, argv, environ);
    report_and_exit(report, errno);
}

}  // namespace

util::Result<Watchdog> Watchdog::start(const std::string& path, const std::vector<std::string>& argv) {
    if (path.empty() || argv.empty()) {
        return util::fail(util::Errc::invalid, "no watcher program given");
    }
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    long open_max = sysconf(_SC_OPEN_MAX);
    int max_fd = open_max > 0 ? static_cast<int>(std::min<long>(open_max, k_max_fd_fallback)) : k_max_fd_fallback;

    int watch[2];
    int report[2];
    if (pipe2(watch, O_CLOEXEC) != 0) {
        return util::fail(util::Errc::io, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    }
    if (pipe2(report, O_CLOEXEC) != 0) {
        int err = errno;
        close(watch[0]);
        close(watch[1]);
        return util::fail(util::Errc::io, fmt::format("cannot create a pipe: {}", std::strerror(err)));
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(watch[1]);
        close(report[0]);
        become_watcher(path.c_str(), args.data(), watch[0], report[1], max_fd);
    }
    int fork_err = errno;
    close(watch[0]);
    close(report[1]);
    if (pid < 0) {
        close(watch[1]);
        close(report[0]);
        return util::fail(util::Errc::io, fmt::format("cannot fork: {}", std::strerror(fork_err)));
    }
    int err = 0;
    ssize_t n;
    do {
        n = read(report[0], &err, sizeof err);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n <= 0) {
        return Watchdog(watch[1], pid);  // the report pipe closed on exec: the watcher runs
    }
    close(watch[1]);
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    util::Errc code = err == ENOENT || err == ENOTDIR ? util::Errc::not_found : util::Errc::invalid;
    return util::fail(code, fmt::format("cannot execute {}: {}", path, std::strerror(err)));
}

Watchdog::Watchdog(Watchdog&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_pid(std::exchange(other.m_pid, -1)) {}

Watchdog& Watchdog::operator=(Watchdog&& other) noexcept {
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_pid = std::exchange(other.m_pid, -1);
    }
    return *this;
}

Watchdog::~Watchdog() {
    release();
}

void Watchdog::release() noexcept {
    if (m_fd >= 0) {
        ssize_t n;
        do {
            n = write(m_fd, k_done.data(), k_done.size());
        } while (n < 0 && errno == EINTR);
        close(m_fd);
        m_fd = -1;
    }
    if (m_pid > 0) {
        // Reaped here rather than left to init: some PID 1s (a container's shell, a CI agent) never
        // reap orphans, and every run would leave a zombie behind.
        auto deadline = std::chrono::steady_clock::now() + k_exit_wait;
        while (waitpid(m_pid, nullptr, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(k_exit_poll);
        }
        m_pid = -1;
    }
}

void detach_watcher(const char* name) {
    prctl(PR_SET_NAME, name);
    ignore_termination_signals();
    null_stdin_stdout();
    setsid();  // fails harmlessly when Watchdog::start already made the session
}

util::Result<WatchReport> wait_for_release(int fd) {
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        return util::fail(util::Errc::io, fmt::format("cannot use descriptor {}: {}", fd, std::strerror(errno)));
    }
    if (!S_ISFIFO(st.st_mode)) {
        return util::fail(util::Errc::io, fmt::format("descriptor {} is not a pipe", fd));
    }
    WatchReport report;
    std::string pending;
    char buffer[64];
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return util::fail(util::Errc::io, fmt::format("cannot read descriptor {}: {}", fd, std::strerror(errno)));
        }
        if (n == 0) {
            if (!pending.empty()) {
                report.notes.push_back(pending);
            }
            return report;
        }
        pending.append(buffer, static_cast<size_t>(n));
        for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
            std::string line = pending.substr(0, end);
            pending.erase(0, end + 1);
            if (line == k_done) {
                report.released = true;
                return report;
            }
            report.notes.push_back(std::move(line));
        }
        // The parent writes "done" last and alone; it need not end the line.
        if (pending == k_done) {
            report.released = true;
            return report;
        }
    }
}

}  // namespace dtx::process
