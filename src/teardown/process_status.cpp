#include "teardown/process_status.hpp"

#include <signal.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace dtx::teardown {

namespace {

// /proc/stat's "btime": when the machine booted, in seconds since the epoch.
std::optional<long long> boot_time() {
    std::ifstream in("/proc/stat");
    for (std::string line; std::getline(in, line);) {
        long long seconds = 0;
        if (std::sscanf(line.c_str(), "btime %lld", &seconds) == 1) {
            return seconds;
        }
    }
    return std::nullopt;
}

struct StatFields {
    char state = '?';
    unsigned long long start_ticks = 0;  // field 22: clock ticks after boot
};

// /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so fields are
// counted after its last ')'.
std::optional<StatFields> read_stat(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) {
        return std::nullopt;
    }
    auto close = line.rfind(')');
    if (close == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream rest(line.substr(close + 1));
    StatFields out;
    rest >> out.state;
    std::string skip;
    for (int field = 4; field < 22; ++field) {
        rest >> skip;
    }
    rest >> out.start_ticks;
    if (!rest) {
        return std::nullopt;
    }
    return out;
}

}  // namespace

ProcessStatus process_status(int pid) {
    ProcessStatus out;
    if (pid <= 0) {
        return out;
    }
    if (kill(pid, 0) != 0 && errno == ESRCH) {
        return out;  // EPERM: it exists, owned by someone else
    }
    out.exists = true;
    auto stat = read_stat(pid);
    if (!stat) {
        return out;
    }
    if (stat->state == 'Z' || stat->state == 'X') {
        out.exists = false;
        return out;
    }
    auto boot = boot_time();
    long ticks_per_second = sysconf(_SC_CLK_TCK);
    if (boot && ticks_per_second > 0) {
        auto since_boot = std::chrono::duration<double>(static_cast<double>(stat->start_ticks) /
                                                        static_cast<double>(ticks_per_second));
        out.started = util::WallTime(std::chrono::seconds(*boot)) +
                      std::chrono::duration_cast<std::chrono::system_clock::duration>(since_boot);
    }
    return out;
}

std::string this_host() {
    char buffer[256] = {0};
    gethostname(buffer, sizeof buffer - 1);
    return buffer;
}

}  // namespace dtx::teardown
