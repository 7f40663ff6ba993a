#include "process/process.hpp"
#include "process/process_group.hpp"

#include "util/signals.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

using dtx::process::spawn;
using dtx::process::SpawnOptions;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> k_env = {"PATH=/usr/bin:/bin"};

int reap(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

// Reads from `fd` until `needle` was seen or `limit` passed; what was read.
std::string read_until(int fd, const std::string& needle, std::chrono::milliseconds limit) {
    std::string got;
    auto deadline = std::chrono::steady_clock::now() + limit;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    while (got.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        char buffer[256];
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n > 0) {
            got.append(buffer, static_cast<size_t>(n));
        } else {
            std::this_thread::sleep_for(5ms);
        }
    }
    return got;
}

}  // namespace

TEST_CASE("the command runs as the leader of a process group of its own", "[util][process]") {
    auto pid = spawn({"sleep", "30"}, k_env);
    REQUIRE(pid);
    pid_t group = getpgid(*pid);
    kill(*pid, SIGKILL);
    reap(*pid);
    CHECK(group == *pid);
    CHECK(group != getpgrp());
}

TEST_CASE("the command writes its process group on the given descriptor before it runs", "[util][process]") {
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    auto pid = spawn({"true"}, k_env, SpawnOptions{fds[1]});
    close(fds[1]);
    REQUIRE(pid);
    std::string got = read_until(fds[0], "\n", 2000ms);
    close(fds[0]);
    reap(*pid);
    CHECK(got == "group " + std::to_string(*pid) + "\n");
}

TEST_CASE("stopping a process group ends the children its leader started, not only the leader", "[util][process]") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    // The shell reports its two children's pids, then waits; SIGTERM ends all three.
    auto pid = spawn(
        {"sh", "-c", "sleep 300 & a=$!; sleep 300 & echo \"$a $!\" >&" + std::to_string(fds[1]) + "; wait"}, k_env);
    close(fds[1]);
    REQUIRE(pid);
    std::string pids = read_until(fds[0], "\n", 2000ms);
    close(fds[0]);
    auto began = std::chrono::steady_clock::now();
    bool gracefully = dtx::process::stop_process_group(*pid, 5s);
    auto took = std::chrono::steady_clock::now() - began;
    reap(*pid);
    CHECK(gracefully);
    CHECK(took < 2s);
    REQUIRE(pids.size() > 2);
    pid_t first = std::atoi(pids.c_str());
    pid_t second = std::atoi(pids.c_str() + pids.find(' ') + 1);
    // Gone, or a zombie waiting for init: either way not running.
    for (pid_t child : {first, second}) {
        char state = 'Z';
        if (FILE* f = std::fopen(("/proc/" + std::to_string(child) + "/stat").c_str(), "r")) {
            char comm[64];
            int ignored = 0;
            (void)std::fscanf(f, "%d %63s %c", &ignored, comm, &state);
            std::fclose(f);
        }
        CHECK(state == 'Z');
    }
}

TEST_CASE("a process group that ignores SIGTERM is killed once the grace period is over", "[util][process]") {
    auto pid = spawn({"sh", "-c", "trap '' TERM; sleep 300 & wait"}, k_env);
    REQUIRE(pid);
    std::this_thread::sleep_for(100ms);  // the trap is set before anything is waited for
    auto began = std::chrono::steady_clock::now();
    bool gracefully = dtx::process::stop_process_group(*pid, 300ms);
    auto took = std::chrono::steady_clock::now() - began;
    int status = reap(*pid);
    CHECK_FALSE(gracefully);
    CHECK(took >= 300ms);
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
}

TEST_CASE("Ctrl-C at the terminal reaches the command, dtx gets the terminal back and counts it as its SIGINT",
          "[util][process]") {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(grantpt(master) == 0);
    REQUIRE(unlockpt(master) == 0);
    std::string slave_name = ptsname(master);
    int report[2];
    REQUIRE(pipe(report) == 0);
    // A stand-in for dtx: a session on the pseudo-terminal, in its foreground, running a command.
    pid_t helper = fork();
    if (helper == 0) {
        close(report[0]);
        setsid();
        int slave = open(slave_name.c_str(), O_RDWR);
        ioctl(slave, TIOCSCTTY, 0);
        dup2(slave, 0);
        dup2(slave, 1);
        dtx::util::install_signal_handlers();
        // No child of sh: a Ctrl-C between a fork and an exec of sh's would be caught by the shell's
        // handler and lost to the program exec'd next. `read` waits in sh itself.
        auto pid = spawn({"sh", "-c", "echo started; read line"}, k_env);
        if (!pid) {
            _exit(90);
        }
        bool command_had_it = tcgetpgrp(0) == *pid;
        int code = dtx::process::wait_child(*pid, 5s, dtx::util::StopToken::from_signals());
        std::string line = std::to_string(code) + " " + (command_had_it ? "command" : "dtx") + " " +
                           (tcgetpgrp(0) == getpgrp() ? "back" : "lost") + " " +
                           std::to_string(dtx::util::received_signal()) + "\n";
        ssize_t ignored = write(report[1], line.data(), line.size());
        (void)ignored;
        _exit(0);
    }
    close(report[1]);
    std::string seen = read_until(master, "started", 5000ms);
    char ctrl_c = 3;  // the terminal's VINTR
    REQUIRE(write(master, &ctrl_c, 1) == 1);
    std::string got = read_until(report[0], "\n", 5000ms);
    close(report[0]);
    int status = reap(helper);
    close(master);
    INFO(seen);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    CHECK(got == "130 command back " + std::to_string(SIGINT) + "\n");
}
