#include "process/find_executable.hpp"

#include "fakes/temp_dir.hpp"
#include "util/error.hpp"

#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <filesystem>

using dtx::process::find_executable;
using dtx::util::Errc;

namespace {

std::string script(const dtx::fakes::TempDir& dir, const std::string& name, bool executable) {
    std::string file = dir.write(name, "#!/bin/sh\nexit 0\n");
    chmod(file.c_str(), executable ? 0755 : 0644);
    return file;
}

}  // namespace

TEST_CASE("a program is found in the first directory of PATH that has it", "[util][command]") {
    dtx::fakes::TempDir a("a");
    dtx::fakes::TempDir b("b");
    std::string in_b = script(b, "tool", true);
    auto r = find_executable("tool", a.path() + ":" + b.path());
    REQUIRE(r);
    CHECK(*r == in_b);
}

TEST_CASE("a program on PATH without execute permission is skipped, and reported when nothing else is found",
          "[util][command]") {
    dtx::fakes::TempDir a("a");
    dtx::fakes::TempDir b("b");
    script(a, "tool", false);
    std::string good = script(b, "tool", true);
    auto r = find_executable("tool", a.path() + ":" + b.path());
    REQUIRE(r);
    CHECK(*r == good);

    auto refused = find_executable("tool", a.path());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Errc::invalid);
    CHECK_THAT(refused.error().message, Catch::StartsWith("command not executable: tool is " + a.path() + "/tool"));
}

TEST_CASE("a program on no directory of PATH is not found, in one sentence naming it", "[util][command]") {
    dtx::fakes::TempDir a("a");
    auto r = find_executable("dtx-no-such-command", a.path() + ":/usr/bin");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::not_found);
    CHECK(r.error().message == "command not found: dtx-no-such-command (in no directory of PATH)");
}

TEST_CASE("a name with a slash is taken as a path, not looked for on PATH", "[util][command]") {
    dtx::fakes::TempDir dir;
    std::string good = script(dir, "run.sh", true);
    std::string plain = script(dir, "plain.sh", false);
    CHECK(find_executable(good, "").value() == good);
    auto missing = find_executable(dir.path() + "/no-such-script", "/usr/bin");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Errc::not_found);
    CHECK_THAT(missing.error().message, Catch::EndsWith("no-such-script (no such file)"));
    auto not_executable = find_executable(plain, "/usr/bin");
    REQUIRE_FALSE(not_executable);
    CHECK(not_executable.error().code == Errc::invalid);
    CHECK_THAT(not_executable.error().message, Catch::Contains("chmod +x"));
    auto directory = find_executable(dir.path(), "/usr/bin");
    REQUIRE_FALSE(directory);
    CHECK(directory.error().code == Errc::invalid);
    CHECK_THAT(directory.error().message, Catch::Contains("is a directory"));
}

TEST_CASE("an empty PATH entry stands for the current directory", "[util][command]") {
    dtx::fakes::TempDir dir;
    script(dir, "here-tool", true);
    auto before = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    auto r = find_executable("here-tool", "/nonexistent::/also-not");
    std::filesystem::current_path(before);
    REQUIRE(r);
    CHECK(*r == "./here-tool");
}

TEST_CASE("require_command throws exit 127 for a missing program and 126 for one it cannot run", "[util][command]") {
    dtx::fakes::TempDir dir;
    std::string plain = script(dir, "plain.sh", false);
    try {
        dtx::process::require_command({"./dtx-no-such-script"});
        FAIL("no exception");
    } catch (const dtx::CommandError& e) {
        CHECK(e.exit_code() == 127);
        CHECK_THAT(e.what(), Catch::EndsWith("; no service was started"));
    }
    try {
        dtx::process::require_command({plain, "arg"});
        FAIL("no exception");
    } catch (const dtx::CommandError& e) {
        CHECK(e.exit_code() == 126);
    }
    CHECK_NOTHROW(dtx::process::require_command({"sh", "-c", "true"}));
}
