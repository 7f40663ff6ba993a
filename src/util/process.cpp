#include "util/process.hpp"

#include "util/signals.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

namespace dtx::util {

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

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::vector<std::string>& env, int err_fd,
                             pid_t parent) {
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

Result<pid_t> spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    if (argv.empty() || argv[0].empty()) {
        return fail(Errc::invalid, "no command given");
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        return fail(Errc::io, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(fds[0]);
        close(fds[1]);
        return fail(Errc::io, fmt::format("cannot fork: {}", std::strerror(err)));
    }
    if (pid == 0) {
        close(fds[0]);
        exec_child(argv, env, fds[1], parent);
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
        return fail(Errc::not_found, fmt::format("command not found: {}", argv[0]));
    }
    return fail(Errc::invalid, fmt::format("cannot execute {}: {}", argv[0], std::strerror(err)));
}

int wait_child(pid_t pid, Duration grace) {
    bool forwarded = false;
    int count_at_forward = 0;
    TimePoint kill_at{};
    for (;;) {
        int status = 0;
        int flags = forwarded ? WNOHANG : 0;
        pid_t r = waitpid(pid, &status, flags);
        if (r == pid) {
            return decode_status(status);
        }
        if (r < 0 && errno != EINTR) {
            return 1;
        }
        if (interrupted() && !forwarded) {
            forwarded = true;
            count_at_forward = signal_count();
            if (signal_sent_by_process()) {
                kill(pid, received_signal());
            }
            kill_at = std::chrono::steady_clock::now() + grace;
        }
        if (forwarded) {
            bool hurry = signal_count() > count_at_forward;
            if (hurry || std::chrono::steady_clock::now() >= kill_at) {
                kill(pid, SIGKILL);
            }
            std::this_thread::sleep_for(k_poll);
        }
    }
}

}  // namespace dtx::util
