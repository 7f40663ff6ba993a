#pragma once
// A watcher process that outlives its parent when the parent is killed. It reads a pipe that only
// the parent (and, before they exec, its children) write, a line at a time: "done" means the parent
// ended properly; the end of the pipe without it means the parent died (SIGKILL, a crash, the OOM
// killer) and the watcher has work to do. Any other line is a note for that work.

#include "util/result.hpp"

#include <sys/types.h>
#include <string>
#include <vector>

namespace dtx::process {

// The descriptor on which a watcher started by Watchdog reads its parent's pipe.
inline constexpr int k_watch_fd = 3;

class Watchdog {
public:
    // Starts `path` with `argv` (argv[0] is only the name ps shows) and the caller's environment, as a
    // watcher: in its own session (a kill of the caller's process group does not reach it), with
    // SIGINT, SIGTERM, SIGHUP and SIGPIPE ignored, stdin and stdout on /dev/null, stderr inherited,
    // the pipe's read end on k_watch_fd and every other descriptor closed. The write end stays with
    // the caller only: it is close-on-exec, so commands the caller spawns later do not hold it.
    // Fails with Errc::io when a pipe or fork fails, Errc::not_found / Errc::invalid when `path`
    // cannot be executed; the exec outcome is known before this returns.
    [[nodiscard]] static util::Result<Watchdog> start(const std::string& path, const std::vector<std::string>& argv);

    Watchdog(Watchdog&& other) noexcept;
    Watchdog& operator=(Watchdog&& other) noexcept;
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;
    ~Watchdog();  // release()

    // Tells the watcher "done", closes the pipe and reaps the watcher once it exits (it does so on
    // reading "done"); waits for that at most k_exit_wait, so a stuck watcher never holds the caller
    // (it is then reaped by whoever inherits it). Idempotent; never throws. Expects SIGPIPE ignored
    // (install_signal_handlers does it) in case the watcher is already gone.
    void release() noexcept;

    pid_t pid() const { return m_pid; }
    // The pipe's write end (-1 once released), for a child that writes a note line on it between
    // fork and exec (util::SpawnOptions::group_fd). Close-on-exec: the program it runs never holds it.
    int fd() const { return m_fd; }

private:
    Watchdog(int fd, pid_t pid) : m_fd(fd), m_pid(pid) {}
    int m_fd = -1;
    pid_t m_pid = -1;
};

// In the watcher: makes sure the dispositions Watchdog::start set survive the program's own start-up
// (which may have installed handlers): SIGINT, SIGTERM, SIGHUP and SIGPIPE ignored, stdin and stdout
// on /dev/null, a session of its own. Names the process `name` (at most 15 characters: what
// `ps -o comm` and top show, rather than the "exe" of /proc/self/exe). Harmless when called again.
void detach_watcher(const char* name);

struct WatchReport {
    bool released = false;           // the pipe said "done"; false: it ended without (the parent died)
    std::vector<std::string> notes;  // every other line, in order (a last line without '\n' too)
};

// In the watcher: blocks until the parent's pipe on `fd` says "done" or ends without it. Fails
// with Errc::io when `fd` cannot be read (not a pipe from a parent).
[[nodiscard]] util::Result<WatchReport> wait_for_release(int fd);

}  // namespace dtx::process
