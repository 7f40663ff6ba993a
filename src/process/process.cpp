#include "process/process.hpp"

#include "util/signals.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

namespace dtx::process {

namespace {

constexpr auto k_poll = std::chrono::milliseconds(10);

int decode_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return 1;
}

// True when stdin is a terminal whose foreground process group is `pgid`.
bool owns_terminal(pid_t pgid) {
    return isatty(STDIN_FILENO) == 1 && tcgetpgrp(STDIN_FILENO) == pgid;
}

// Makes `pgid` the terminal's foreground group. dtx is in the background while the command has
// the terminal, and a background process calling tcsetpgrp is stopped by SIGTTOU unless it blocks
// it (signals.cpp does not handle SIGTTOU).
void give_terminal(pid_t pgid) {
    sigset_t ttou;
    sigset_t old;
    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    pthread_sigmask(SIG_BLOCK, &ttou, &old);
    tcsetpgrp(STDIN_FILENO, pgid);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

// The command stopped at the terminal (Ctrl-Z): dtx stops as well, so the shell sees its job
// stopped and gets the terminal; on `fg` (SIGCONT to dtx) the command gets it back and goes on,
// on `bg` it goes on in the background.
void stop_with_command(pid_t pgid) {
    give_terminal(getpgrp());
    kill(getpid(), SIGSTOP);
    if (owns_terminal(getpgrp())) {
        give_terminal(pgid);
    }
    kill(-pgid, SIGCONT);
}

// Between fork and exec: system calls only. "group <pid>\n" without printf.
void announce_group(int fd) {
    char text[32] = "group ";
    char digits[16];
    int n = 0;
    for (auto v = static_cast<unsigned long>(getpid()); v > 0 || n == 0; v /= 10) {
        digits[n++] = static_cast<char>('0' + v % 10);
    }
    std::size_t len = 6;
    while (n > 0) {
        text[len++] = digits[--n];
    }
    text[len++] = '\n';
    ssize_t ignored = write(fd, text, len);  // one write under PIPE_BUF: never interleaved
    (void)ignored;
}

// In the child: a group of its own, and the terminal's foreground when dtx had it.
void enter_own_group(bool take_terminal) {
    setpgid(0, 0);
    if (take_terminal) {
        give_terminal(getpid());
    }
}

struct ChildSetup {
    pid_t parent;
    int err_fd;
    int group_fd;
    bool take_terminal;
};

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                             const ChildSetup& setup) {
    enter_own_group(setup.take_terminal);
    if (setup.group_fd >= 0) {
        announce_group(setup.group_fd);
    }
    pid_t parent = setup.parent;
    int err_fd = setup.err_fd;
    // If dtx is killed with SIGKILL, its reaper removes the services; the command must not run on,
    // orphaned, against nothing: it gets SIGTERM, as on a forwarded signal. The death signal fires
    // when the forking *thread* ends; dtx spawns from its main thread, which lives as long as dtx.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) {
        _exit(128 + SIGTERM);  // dtx died before the line above
    }
    std::signal(SIGPIPE, SIG_DFL);  // an ignored signal would stay ignored across exec
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    std::vector<char*> envp;
    envp.reserve(env.size() + 1);
    for (const auto& e : env) {
        envp.push_back(const_cast<char*>(e.c_str()));
    }
    envp.push_back(nullptr);
    execvpe(args[0], args.data(), envp.data());
    int err = errno;
    ssize_t ignored = write(err_fd, &err, sizeof err);
    (void)ignored;
    _exit(127);
}

}  // namespace

util::Result<pid_t> spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const SpawnOptions& options) {
    if (argv.empty() || argv[0].empty()) {
        return util::fail(util::Errc::invalid, "no command given");
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        return util::fail(util::Errc::io, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    }
    ChildSetup setup{getpid(), fds[1], options.group_fd, owns_terminal(getpgrp())};
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(fds[0]);
        close(fds[1]);
        return util::fail(util::Errc::io, fmt::format("cannot fork: {}", std::strerror(err)));
    }
    if (pid == 0) {
        close(fds[0]);
        exec_child(argv, env, setup);
    }
    close(fds[1]);
    int err = 0;
    ssize_t n;
    do {
        n = read(fds[0], &err, sizeof err);
    } while (n < 0 && errno == EINTR);
    close(fds[0]);
    if (n <= 0) {
        return pid;  // the pipe closed on exec: the program is running
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (err == ENOENT || err == ENOTDIR) {
        return util::fail(util::Errc::not_found, fmt::format("command not found: {}", argv[0]));
    }
    return util::fail(util::Errc::invalid, fmt::format("cannot execute {}: {}", argv[0], std::strerror(err)));
}

namespace {

// wait_child's result once waitpid returned `r` (the child, or -1 for an error) with `status`; the
// terminal goes back to dtx first when the command had it.
int child_ended(pid_t pid, pid_t r, int status, bool had_terminal, bool forwarded) {
    if (had_terminal && owns_terminal(pid)) {
        give_terminal(getpgrp());
    }
    if (r != pid) {
        return 1;
    }
    // The terminal sent Ctrl-C (or Ctrl-\) to the command's group alone: the user meant the
    // run, as a shell assumes when its foreground job dies of SIGINT.
    if (had_terminal && !forwarded && WIFSIGNALED(status) &&
        (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGQUIT)) {
        util::record_signal(WTERMSIG(status));
    }
    return decode_status(status);
}

// dtx's signals as wait_child passes them on: the first one to the command's group, then SIGKILL
// when another one comes or the grace period is over.
class SignalForwarder {
public:
    SignalForwarder(pid_t pid, util::Duration grace, const util::StopToken& stop)
        : m_pid(pid), m_grace(grace), m_stop(stop) {}

    bool forwarded() const { return m_forwarded; }

    // One poll: forwards what dtx received since the last one; sleeps a little once forwarded.
    void poll() {
        if (m_stop.stop_requested() && !m_forwarded) {
            m_forwarded = true;
            m_count_at_forward = m_stop.count();
            kill(-m_pid, m_stop.signal());
            m_kill_at = std::chrono::steady_clock::now() + m_grace;
        }
        if (m_forwarded) {
            bool hurry = m_stop.count() > m_count_at_forward;
            if (hurry || std::chrono::steady_clock::now() >= m_kill_at) {
                kill(-m_pid, SIGKILL);
            }
            std::this_thread::sleep_for(k_poll);
        }
    }

private:
    pid_t m_pid;
    util::Duration m_grace;
    const util::StopToken& m_stop;
    bool m_forwarded = false;
    int m_count_at_forward = 0;
    util::TimePoint m_kill_at{};
};

}  // namespace

int wait_child(pid_t pid, util::Duration grace, const util::StopToken& stop) {
    bool had_terminal = owns_terminal(pid);
    SignalForwarder forwarder(pid, grace, stop);
    for (;;) {
        int status = 0;
        int flags = (forwarder.forwarded() ? WNOHANG : 0) | (had_terminal ? WUNTRACED : 0);
        pid_t r = waitpid(pid, &status, flags);
        if (r == pid && WIFSTOPPED(status)) {
            if (owns_terminal(pid)) {
                stop_with_command(pid);
            }
            continue;
        }
        if (r == pid || (r < 0 && errno != EINTR)) {
            return child_ended(pid, r, status, had_terminal, forwarder.forwarded());
        }
        forwarder.poll();
    }
}

}  // namespace dtx::process
