#include "process/process_group.hpp"

#include <dirent.h>
#include <signal.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>

namespace dtx::process {

namespace {

constexpr auto k_group_poll = std::chrono::milliseconds(20);

// /proc/<pid>/stat is "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
bool runs_in_group(std::string_view stat, pid_t pgid) {
    auto close = stat.rfind(')');
    if (close == std::string_view::npos) {
        return false;
    }
    char state = 0;
    long ppid = 0;
    long pgrp = 0;
    std::string rest(stat.substr(close + 1));
    if (std::sscanf(rest.c_str(), " %c %ld %ld", &state, &ppid, &pgrp) != 3) {
        return false;
    }
    return pgrp == pgid && state != 'Z' && state != 'X';
}

// Whether a process of group `pgid` still runs. kill(-pgid, 0) also succeeds for zombies, which an
// orphaned group's new parent may not reap soon; /proc tells them apart.
bool group_running(pid_t pgid) {
    if (kill(-pgid, 0) != 0 && errno == ESRCH) {
        return false;
    }
    DIR* proc = opendir("/proc");
    if (proc == nullptr) {
        return true;
    }
    bool found = false;
    while (dirent* entry = readdir(proc)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') {
            continue;
        }
        char path[300];
        std::snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
        std::FILE* f = std::fopen(path, "re");
        if (f == nullptr) {
            continue;
        }
        char buffer[512];
        std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
        std::fclose(f);
        if (runs_in_group(std::string_view(buffer, n), pgid)) {
            found = true;
            break;
        }
    }
    closedir(proc);
    return found;
}

}  // namespace

bool stop_process_group(pid_t pgid, util::Duration grace) {
    if (pgid <= 1 || kill(-pgid, SIGTERM) != 0) {
        return true;  // no such group (any more); never a broadcast to every process
    }
    auto deadline = std::chrono::steady_clock::now() + grace;
    while (group_running(pgid)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(-pgid, SIGKILL);
            return false;
        }
        std::this_thread::sleep_for(k_group_poll);
    }
    return true;
}

}  // namespace dtx::process
