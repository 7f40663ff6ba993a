#include "process/watchdog.hpp"

#include "fakes/temp_dir.hpp"

#include <sys/wait.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <thread>

using dtx::process::Watchdog;
using dtx::util::Errc;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("a watcher reads done on its pipe when released, and is reaped by then", "[util][watchdog]") {
    dtx::fakes::TempDir dir;
    std::string out = dir.path() + "/got";
    // The watcher sees its pipe on fd 3, in a session of its own (shell builtins only: quick).
    std::string script = "read -r stat < /proc/$$/stat; set -- $stat; read -r got <&3; echo \"$got sid=$6 \" > " + out;
    auto watchdog = Watchdog::start("/bin/sh", {"sh", "-c", script});
    REQUIRE(watchdog);
    pid_t pid = watchdog->pid();
    watchdog->release();
    CHECK(waitpid(pid, nullptr, WNOHANG) == -1);  // already reaped: no zombie left
    std::string got = slurp(out);
    CHECK(got.rfind("done", 0) == 0);
    CHECK(got.find(" sid=" + std::to_string(pid) + " ") != std::string::npos);
}

TEST_CASE("wait_for_release tells done from a pipe that ends without it", "[util][watchdog]") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    REQUIRE(write(fds[1], "do", 2) == 2);
    close(fds[1]);
    auto r = dtx::process::wait_for_release(fds[0]);
    close(fds[0]);
    REQUIRE(r);
    CHECK_FALSE(r->released);

    REQUIRE(pipe(fds) == 0);
    REQUIRE(write(fds[1], "done", 4) == 4);
    r = dtx::process::wait_for_release(fds[0]);
    close(fds[0]);
    close(fds[1]);
    REQUIRE(r);
    CHECK(r->released);
}

TEST_CASE("wait_for_release keeps the other lines on the pipe as notes", "[util][watchdog]") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::string text = "group 123\nsomething\npartial";
    REQUIRE(write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    close(fds[1]);
    auto r = dtx::process::wait_for_release(fds[0]);
    close(fds[0]);
    REQUIRE(r);
    CHECK_FALSE(r->released);
    CHECK(r->notes == std::vector<std::string>{"group 123", "something", "partial"});

    REQUIRE(pipe(fds) == 0);
    text = "group 123\ndone\n";
    REQUIRE(write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    r = dtx::process::wait_for_release(fds[0]);
    close(fds[0]);
    close(fds[1]);
    REQUIRE(r);
    CHECK(r->released);
    CHECK(r->notes == std::vector<std::string>{"group 123"});
}

TEST_CASE("wait_for_release refuses a descriptor that is not a pipe", "[util][watchdog]") {
    auto r = dtx::process::wait_for_release(9999);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::io);
}

TEST_CASE("a watcher program that does not exist fails before start returns", "[util][watchdog]") {
    auto r = Watchdog::start("/nonexistent/dtx", {"dtx"});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::not_found);
    CHECK_THAT(r.error().message, Catch::Contains("/nonexistent/dtx"));
}
