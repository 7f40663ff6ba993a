// What dtx refuses before it needs an engine, through the built binary: usage errors, spec errors,
// a command that cannot run, an engine that cannot be reached.
#include "fakes/temp_dir.hpp"
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

using namespace dtx::test;

TEST_CASE("a missing or non-executable command is found out without contacting the engine", "[offline][run]") {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / unique_project("cmd");
    std::filesystem::create_directories(dir);
    std::string plain = (dir / "plain.sh").string();
    std::ofstream(plain) << "#!/bin/sh\necho ran\n";
    std::filesystem::permissions(plain, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    // An engine that cannot be reached: contacting it would exit 125.
    std::map<std::string, std::string> env = {{"DOCKER_HOST", "unix://" + (dir / "no-engine.sock").string()}};
    auto missing =
        run_dtx(Invocation{{"-f", fixture("redis-only"), "run", "--", "./no-such-script"}, dir.string(), env});
    auto refused = run_dtx(Invocation{{"-f", fixture("redis-only"), "run", "--", "./plain.sh"}, dir.string(), env});
    std::filesystem::remove_all(dir);
    INFO(missing.err << refused.err);
    CHECK(missing.exit_code == 127);
    CHECK_THAT(missing.err, Catch::Contains("command not found: ./no-such-script (no such file)"));
    CHECK(refused.exit_code == 126);
    CHECK_THAT(refused.err, Catch::Contains("command not executable: ./plain.sh"));
    CHECK_THAT(missing.err + refused.err, !Catch::Contains("engine"));
}

TEST_CASE("an unreachable engine exits 125 naming the socket and how to start one", "[offline][run]") {
    auto r = run_dtx(Invocation{
        {"-f", fixture("redis-only"), "run", "--", "true"}, "", {{"DOCKER_HOST", "unix:///nonexistent/docker.sock"}}});
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("/nonexistent/docker.sock"));
    CHECK_THAT(r.err, Catch::Contains("dockerd"));
}

TEST_CASE("an unknown flag is a usage error with exit code 2", "[offline][cli]") {
    auto r = run_dtx({"run", "--no-such-flag", "--", "true"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--no-such-flag"));
}

TEST_CASE("run without a command is a usage error with exit code 2", "[offline][cli]") {
    auto r = run_dtx({"-f", source_path("tests/integration/fixtures/redis-only/compose.yaml"), "run"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("no command"));
}

TEST_CASE("every error line of a spec with several errors carries the dtx: error: prefix", "[offline][run]") {
    dtx::fakes::TempDir dir;
    std::string file =
        dir.write("compose.yaml", "services:\n  a:\n    imagee: x\n  b:\n    image: y\n    portz: [1]\n");
    auto r = run_dtx({"-f", file, "run", "--", "true"});
    CHECK(r.exit_code == 125);
    int lines = 0;
    std::size_t begin = 0;
    while (begin < r.err.size()) {
        std::size_t end = r.err.find('\n', begin);
        std::string line = r.err.substr(begin, end - begin);
        CHECK_THAT(line, Catch::StartsWith("dtx: error: "));
        ++lines;
        begin = end == std::string::npos ? r.err.size() : end + 1;
    }
    CHECK(lines == 3);
}
