// The reaper: when dtx itself is killed with SIGKILL, the process it started before creating anything
// removes the run's resources by label. The built binary against the real engine.
//
// The test process makes itself a child subreaper for the duration of a test, so that the reaper and
// the test command, orphaned by the kill, become its children: it can then wait for them (their exit
// statuses are part of what is checked) and no zombie is left behind.
#include "session/reaper.hpp"
#include "support/run_binary.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

using namespace dtx::test;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto k_reap_window = std::chrono::seconds(2);  // from the issue: everything gone within 2 s
constexpr auto k_poll = std::chrono::milliseconds(50);

std::string label_of(const std::string& project) {
    return "dev.dtx.project=" + project;
}

int count_all(const std::string& project) {
    auto label = label_of(project);
    return count_containers(label) + count_networks(label) + count_volumes(label);
}

// Polls every 50 ms until nothing of `project` is left or `deadline` passes.
bool gone_by(const std::string& project, Clock::time_point deadline) {
    for (;;) {
        if (count_all(project) == 0) {
            return true;
        }
        if (Clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(k_poll);
    }
}

// Removes whatever is left of `project` (the --keep test, and a failed test's leftovers).
void remove_project(const std::string& project) {
    auto& engine = shared_engine();
    auto label = label_of(project);
    if (auto list = engine.list_containers({label})) {
        for (const auto& c : list.value()) {
            (void)engine.remove_container(c.id);
        }
    }
    if (auto list = engine.list_volumes({label})) {
        for (const auto& v : list.value()) {
            (void)engine.remove_volume(v.name, true);
        }
    }
    if (auto list = engine.list_networks({label})) {
        for (const auto& n : list.value()) {
            (void)engine.remove_network(n.name);
        }
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The arguments of process `pid`, NUL-separated; empty when it is gone (or a zombie).
std::string cmdline_of(const std::string& pid) {
    return read_file("/proc/" + pid + "/cmdline");
}

// The pid of the reaper of a run of `project` (`dtx __reap --run <project>-xxxxxx …`), or -1.
pid_t find_reaper(const std::string& project) {
    std::string needle = std::string("__reap") + '\0' + "--run" + '\0' + project + "-";
    for (const auto& entry : fs::directory_iterator("/proc")) {
        auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") == std::string::npos &&
            cmdline_of(name).find(needle) != std::string::npos) {
            return static_cast<pid_t>(std::stol(name));
        }
    }
    return -1;
}

// Polls every 50 ms until no reaper process of `project` is left, or `deadline` passes. Once none is,
// nothing can remove the run any more: what is there then stays.
bool no_reaper_by(const std::string& project, Clock::time_point deadline) {
    while (find_reaper(project) != -1) {
        if (Clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(k_poll);
    }
    return true;
}

pid_t parent_of(pid_t pid) {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so parse after the last ')'.
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    auto close = stat.rfind(')');
    if (close == std::string::npos) {
        return -1;
    }
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    pid_t ppid = -1;
    rest >> state >> ppid;
    return ppid;
}

bool exists(pid_t pid) {
    return fs::exists("/proc/" + std::to_string(pid));
}

// True when `pid` no longer runs: gone, or a zombie nobody reaped yet.
bool not_running(pid_t pid) {
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    auto close = stat.rfind(')');
    return close == std::string::npos || stat.compare(close, 3, ") Z") == 0;
}

// The processes whose parent is `pid`.
std::vector<pid_t> children_of(pid_t pid) {
    std::vector<pid_t> out;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") == std::string::npos &&
            parent_of(static_cast<pid_t>(std::stol(name))) == pid) {
            out.push_back(static_cast<pid_t>(std::stol(name)));
        }
    }
    return out;
}

// Orphans of the processes this test starts become this process's children while it lives.
class SubreaperScope {
public:
    SubreaperScope() { prctl(PR_SET_CHILD_SUBREAPER, 1); }
    ~SubreaperScope() { prctl(PR_SET_CHILD_SUBREAPER, 0); }
    SubreaperScope(const SubreaperScope&) = delete;
    SubreaperScope& operator=(const SubreaperScope&) = delete;
};

// Waits up to `limit` for child `pid` to end; its wait status, or nullopt when it still runs.
std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds limit) {
    auto deadline = Clock::now() + limit;
    for (;;) {
        int status = 0;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            return status;
        }
        if (r < 0 && errno != EINTR) {
            return std::nullopt;  // not our child after all
        }
        if (Clock::now() >= deadline) {
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

// Kills and reaps `pid` if it is a child of this process that still runs (orphans of a killed dtx
// are, through the subreaper); anything else is left alone.
void stop(pid_t pid) {
    if (pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        (void)wait_exit(pid, std::chrono::milliseconds(2000));
    }
}

// SIGKILL for dtx; returns its wait status. Its output files stay (the reaper may still write).
int kill_dtx(const Background& bg) {
    kill(bg.pid, SIGKILL);
    int status = 0;
    while (waitpid(bg.pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

void remove_outputs(const Background& bg) {
    fs::remove(bg.out_path);
    fs::remove(bg.err_path);
}

std::string marker_path(const std::string& project, const std::string& what) {
    return (fs::temp_directory_path() / (project + "." + what)).string();
}

// A command that writes its pid to `marker` (atomically) and then sleeps as that same process.
std::vector<std::string> pid_then_sleep(const std::string& marker) {
    return {"sh", "-c", "echo $$ > " + marker + ".tmp && mv " + marker + ".tmp " + marker + " && exec sleep 60"};
}

// Whatever a test started or created goes, even when a REQUIRE ends it early: the processes it lists
// (killed and reaped when still there), the project's resources, the dtx output files.
struct Leftovers {
    std::string project;
    std::vector<pid_t> pids;
    std::optional<Background> dtx;
    ~Leftovers() {
        if (dtx && waitpid(dtx->pid, nullptr, WNOHANG) == 0) {
            kill_dtx(*dtx);
        }
        for (pid_t pid : pids) {
            stop(pid);
        }
        if (dtx) {
            remove_outputs(*dtx);
        }
        try {
            remove_project(project);
        } catch (...) {
        }
    }
};

}  // namespace

TEST_CASE("kill -9 of dtx while the command runs: the reaper removes every labelled resource within 2 s",
          "[docker][reaper]") {
    SubreaperScope subreaper;
    Leftovers left{unique_project("reap-cmd"), {}, {}};
    const std::string& project = left.project;
    std::string marker = marker_path(project, "pid");
    std::vector<std::string> args = {"-p", project, "-f", fixture("reaper-volume"), "run", "--"};
    for (auto& word : pid_then_sleep(marker)) {
        args.push_back(word);
    }
    left.dtx = start_dtx(args);
    REQUIRE(wait_for_file(marker, 120));
    auto command = static_cast<pid_t>(std::stol(read_file(marker)));
    fs::remove(marker);
    left.pids.push_back(command);
    pid_t reaper = find_reaper(project);
    left.pids.push_back(reaper);
    CHECK(reaper > 0);
    CHECK(parent_of(reaper) == left.dtx->pid);
    CHECK(count_containers(label_of(project)) == 2);
    CHECK(count_volumes(label_of(project)) == 1);
    CHECK(count_networks(label_of(project)) == 1);

    auto killed_at = Clock::now();
    int status = kill_dtx(*left.dtx);
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    bool gone = gone_by(project, killed_at + k_reap_window);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killed_at).count();
    INFO("gone after " << took << " ms");
    CHECK(gone);

    // The command was told to stop when dtx died (PR_SET_PDEATHSIG), rather than running on orphaned.
    auto command_status = wait_exit(command, std::chrono::milliseconds(2000));
    CHECK((command_status && WIFSIGNALED(*command_status) && WTERMSIG(*command_status) == SIGTERM));

    // The reaper sweeps until it is sure nothing reappeared, says what it removed, and exits 0.
    auto reaper_status = reaper > 0 ? wait_exit(reaper, std::chrono::milliseconds(15000)) : std::nullopt;
    CHECK((reaper_status && WIFEXITED(*reaper_status) && WEXITSTATUS(*reaper_status) == 0));
    std::string err = read_file(left.dtx->err_path);
    INFO(err);
    CHECK_THAT(err, Catch::Contains("dtx ended without removing it; the reaper removed 2 container(s), 1 volume(s) "
                                    "and network dtx-" +
                                    project + "-"));
}

TEST_CASE("kill -9 of dtx while it waits for readiness: the reaper removes every labelled resource within 2 s",
          "[docker][reaper]") {
    SubreaperScope subreaper;
    Leftovers left{unique_project("reap-wait"), {}, {}};
    const std::string& project = left.project;
    left.dtx = start_dtx({"-p", project, "-f", fixture("never-listens"), "run", "--timeout", "60s", "--", "true"});
    // The container exists (and never becomes ready): dtx is in the middle of waiting.
    auto deadline = Clock::now() + std::chrono::seconds(120);
    while (count_containers(label_of(project)) == 0 && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(count_containers(label_of(project)) == 1);
    pid_t reaper = find_reaper(project);
    left.pids.push_back(reaper);
    CHECK(reaper > 0);

    auto killed_at = Clock::now();
    kill_dtx(*left.dtx);
    bool gone = gone_by(project, killed_at + k_reap_window);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killed_at).count();
    INFO("gone after " << took << " ms");
    CHECK(gone);

    auto reaper_status = reaper > 0 ? wait_exit(reaper, std::chrono::milliseconds(15000)) : std::nullopt;
    CHECK((reaper_status && WIFEXITED(*reaper_status) && WEXITSTATUS(*reaper_status) == 0));
}

TEST_CASE("a run that ends normally leaves no reaper process behind, not even a zombie", "[docker][reaper]") {
    Leftovers left{unique_project("reap-clean"), {}, {}};
    const std::string& project = left.project;
    std::string started = marker_path(project, "started");
    std::string go = marker_path(project, "go");
    auto bg = start_dtx({"-p", project, "-f", fixture("redis-only"), "run", "--", "sh", "-c",
                         "touch " + started + " && while [ ! -e " + go + " ]; do sleep 0.05; done"});
    bool started_ok = wait_for_file(started, 120);
    pid_t reaper = find_reaper(project);
    std::ofstream(go).put('\n');
    auto r = wait_dtx(bg);
    fs::remove(started);
    fs::remove(go);
    INFO(r.err);
    REQUIRE(started_ok);
    CHECK(reaper > 0);
    CHECK(r.exit_code == 0);
    CHECK(count_all(project) == 0);
    CHECK_THAT(r.err, !Catch::Contains("reaper"));
    // dtx reaped it before exiting: neither running nor a zombie, and no other reaper of the project.
    CHECK_FALSE((reaper > 0 && exists(reaper)));
    CHECK(find_reaper(project) == -1);
}

TEST_CASE("a run kept by --keep-on-failure is not removed by the reaper once dtx has exited", "[docker][reaper]") {
    Leftovers left{unique_project("reap-kof"), {}, {}};
    const std::string& project = left.project;
    auto r =
        run_dtx({"-p", project, "-f", fixture("redis-only"), "run", "--keep-on-failure", "--", "sh", "-c", "exit 3"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    // No reaper is left to remove the run (it was told "done"), and the run is still there.
    CHECK(no_reaper_by(project, Clock::now() + std::chrono::seconds(10)));
    CHECK(count_containers(label_of(project)) == 1);
    CHECK(count_networks(label_of(project)) == 1);
}

TEST_CASE("dtx run --keep starts no reaper: kill -9 of dtx leaves the containers in place", "[docker][reaper]") {
    SubreaperScope subreaper;
    Leftovers left{unique_project("reap-keep"), {}, {}};
    const std::string& project = left.project;
    std::string marker = marker_path(project, "pid");
    std::vector<std::string> args = {"-p", project, "-f", fixture("redis-only"), "run", "--keep", "--"};
    for (auto& word : pid_then_sleep(marker)) {
        args.push_back(word);
    }
    left.dtx = start_dtx(args);
    REQUIRE(wait_for_file(marker, 120));
    left.pids.push_back(static_cast<pid_t>(std::stol(read_file(marker))));
    fs::remove(marker);
    CHECK(find_reaper(project) == -1);
    kill_dtx(*left.dtx);
    // No reaper appeared to remove the run after dtx died, and the run is still there.
    CHECK(no_reaper_by(project, Clock::now() + std::chrono::seconds(10)));
    CHECK(count_containers(label_of(project)) == 1);
    CHECK(count_networks(label_of(project)) == 1);
    // (Leftovers removes them, by label, and stops the orphaned command.)
}

TEST_CASE("kill -9 of dtx stops the processes the command started too, not only the command", "[docker][reaper]") {
    SubreaperScope subreaper;
    Leftovers left{unique_project("reap-group"), {}, {}};
    const std::string& project = left.project;
    std::string marker = marker_path(project, "pid");
    left.dtx =
        start_dtx({"-p", project, "-f", fixture("redis-only"), "run", "--", "sh", "-c",
                   "echo $$ > " + marker + ".tmp && mv " + marker + ".tmp " + marker + "; sleep 300 & sleep 300"});
    REQUIRE(wait_for_file(marker, 120));
    auto shell = static_cast<pid_t>(std::stol(read_file(marker)));
    fs::remove(marker);
    left.pids.push_back(shell);
    std::vector<pid_t> sleeps;
    auto deadline = Clock::now() + std::chrono::seconds(5);
    while ((sleeps = children_of(shell)).size() < 2 && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    left.pids.insert(left.pids.end(), sleeps.begin(), sleeps.end());
    REQUIRE(sleeps.size() == 2);

    auto killed_at = Clock::now();
    kill_dtx(*left.dtx);
    // Both sleeps get SIGTERM from the reaper and end at once; the bound is the reaper's grace.
    auto bound = killed_at + dtx::session::k_command_grace + std::chrono::seconds(2);
    bool stopped = false;
    while (!(stopped = not_running(sleeps[0]) && not_running(sleeps[1])) && Clock::now() < bound) {
        std::this_thread::sleep_for(k_poll);
    }
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killed_at).count();
    INFO("stopped after " << took << " ms");
    CHECK(stopped);
    CHECK(gone_by(project, Clock::now() + k_reap_window));
}
