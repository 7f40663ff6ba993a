// `build:` end to end: dtx builds the image from the fixture's context (target stage, build arg,
// .dockerignore), runs the service from it, and reports a failed build as its own failure. Each
// test removes the images it built.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <signal.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace dtx::test;
namespace fs = std::filesystem;

namespace {

std::string fixture_dir(const std::string& name) {
    return source_path("tests/integration/fixtures/" + name);
}

int count_images(const std::string& label) {
    auto r = run_shell("docker images -q --filter label=" + label + " | wc -l");
    return std::stoi(r.out);
}

// Shows what the service's own container holds: the build arg, the stage, the context it got.
const std::vector<std::string> k_look_inside = {
    "sh", "-c", "docker exec dtx-$DTX_RUN_ID-app sh -c 'cat /fixture/greeting /fixture/stage; ls -a /fixture/context'"};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The build's own containers (the classic builder runs one per RUN step) whose command names `marker`.
int count_build_containers(const std::string& marker) {
    auto r = run_shell("docker ps -a --no-trunc --format '{{.Command}}' | grep -c -- " + marker);
    return std::stoi(r.out);
}

// A scratch copy of a fixture, removed at scope exit.
struct FixtureCopy {
    fs::path dir;
    explicit FixtureCopy(const std::string& name, const std::string& project) {
        dir = fs::temp_directory_path() / ("dtx-" + project);
        fs::copy(fixture_dir(name), dir, fs::copy_options::recursive);
    }
    ~FixtureCopy() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

}  // namespace

TEST_CASE("a build: service runs from its target stage, with its build args, without what .dockerignore excludes",
          "[docker][build]") {
    std::string project = unique_project("build");
    FixtureCopy copy("build-context", project);
    // 8 MiB that .dockerignore keeps out: the context stays a few KiB.
    std::ofstream(copy.dir / "bulk.bin", std::ios::binary) << std::string(8 * 1024 * 1024, 'x');
    ImageCleanup cleanup{project + "-app"};

    std::vector<std::string> args = {"-p", project, "-f", (copy.dir / "compose.yaml").string(), "run", "--"};
    args.insert(args.end(), k_look_inside.begin(), k_look_inside.end());
    auto r = run_dtx(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("hello-from-a-build-arg\ntest\n"));
    CHECK_THAT(r.out, Catch::Contains("\napp.txt\n"));
    CHECK_THAT(r.out, Catch::Contains("\nDockerfile\n"));
    CHECK_THAT(r.out, !Catch::Contains("secret.key"));
    CHECK_THAT(r.out, !Catch::Contains("bulk.bin"));
    CHECK_THAT(r.err, Catch::Contains("app: building image " + project + "-app"));
    CHECK_THAT(r.err, Catch::Contains("app: Step 1/"));
    std::smatch size;
    REQUIRE(std::regex_search(r.err, size, std::regex("\\((\\d+) KiB context")));
    CHECK(std::stoi(size[1]) < 64);
    CHECK(count_images("dev.dtx.project=" + project) == 1);
    require_nothing_left(project);
}

TEST_CASE("an image built FROM postgres under another name gets the postgres probe and PG* variables",
          "[docker][build]") {
    std::string project = unique_project("kind");
    ImageCleanup cleanup{project + "-db"};
    auto r = run_dtx({"-v", "-p", project, "-f", fixture_dir("kind-from-image") + "/compose.yaml", "run", "--", "sh",
                      "-c", "psql -v ON_ERROR_STOP=1 -tAc 'select current_user || current_database()'"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "appshop\n");
    CHECK_THAT(r.err, Catch::Contains("db: kind postgres (from the image's PG_MAJOR)"));
    CHECK_THAT(r.err, Catch::Contains("db: readiness postgres on 5432"));
    require_nothing_left(project);
}

TEST_CASE("a built image that is present is used again without a build", "[docker][build]") {
    std::string project = unique_project("rebuild");
    std::string spec = fixture_dir("build-context") + "/compose.yaml";
    ImageCleanup cleanup{project + "-app"};
    auto first = run_dtx({"-p", project, "-f", spec, "run", "--", "true"});
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.err, Catch::Contains("building image"));
    auto second = run_dtx({"-p", project, "-f", spec, "run", "--", "true"});
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.err, !Catch::Contains("building image"));
    require_nothing_left(project);
}

TEST_CASE("a failed build exits 125 naming the service, the Dockerfile and the engine's message", "[docker][build]") {
    std::string project = unique_project("badbuild");
    ImageCleanup cleanup{project + "-broken"};
    auto r = run_dtx({"-p", project, "-f", fixture_dir("build-error") + "/compose.yaml", "run", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("services.broken.build: building image \"" + project + "-broken\" from " +
                                      fixture_dir("build-error") + "/Dockerfile failed: "));
    CHECK_THAT(r.err, Catch::Contains("unknown instruction: FORM"));
    CHECK(count_images("dev.dtx.project=" + project) == 0);
    require_nothing_left(project);
}

TEST_CASE("SIGINT during a build stops it at once, leaves no build container and exits 130", "[docker][build]") {
    std::string project = unique_project("buildint");
    auto dir = fs::temp_directory_path() / ("dtx-" + project);
    fs::create_directories(dir);
    std::ofstream(dir / "Dockerfile") << "FROM dtx-test/base:bookworm\nRUN sleep 120 && echo " << project << "\n";
    std::ofstream(dir / "compose.yaml") << "services:\n  slow:\n    build: .\n";
    ImageCleanup cleanup{project + "-slow"};

    auto bg = start_dtx({"-p", project, "-f", (dir / "compose.yaml").string(), "run", "--", "true"});
    bool running = false;
    for (int i = 0; i < 600 && !running; ++i) {  // until the RUN step's container exists
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        running = read_file(bg.err_path).find("Step 2/") != std::string::npos && count_build_containers(project) > 0;
    }
    CHECK(running);
    auto sent = std::chrono::steady_clock::now();
    kill(bg.pid, SIGINT);
    auto r = wait_dtx(bg);
    auto took = std::chrono::steady_clock::now() - sent;
    fs::remove_all(dir);
    INFO(r.err);
    CHECK(r.exit_code == 130);
    CHECK(took < std::chrono::seconds(10));
    // The engine removes the step's container once the client is gone.
    for (int i = 0; i < 100 && count_build_containers(project) > 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(count_build_containers(project) == 0);
    CHECK(count_images("dev.dtx.project=" + project) == 0);
    require_nothing_left(project);
}

TEST_CASE("run warns when a built image is older than a file of its context, --build rebuilds it, --no-build does not",
          "[docker][build]") {
    std::string project = unique_project("stale");
    FixtureCopy copy("build-context", project);
    ImageCleanup cleanup{project + "-app"};
    std::vector<std::string> base = {"-p", project, "-f", (copy.dir / "compose.yaml").string(), "run"};
    auto run = [&](std::vector<std::string> flags) {
        std::vector<std::string> args = base;
        args.insert(args.end(), flags.begin(), flags.end());
        args.insert(args.end(), {"--", "true"});
        auto r = run_dtx(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return r.err;
    };
    CHECK_THAT(run({}), Catch::Contains("app: building image"));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ofstream(copy.dir / "app.txt", std::ios::app) << "changed\n";

    std::string stale = "app: image " + project + "-app built ";
    std::string err = run({});
    CHECK_THAT(err, !Catch::Contains("building image"));
    CHECK_THAT(err, Catch::Contains(stale) && Catch::Contains("is older than ./app.txt (changed ") &&
                        Catch::Contains("; run with --build"));
    err = run({"--no-build"});
    CHECK_THAT(err, !Catch::Contains("building image"));
    CHECK_THAT(err, Catch::Contains(stale));
    CHECK_THAT(run({"--build"}), Catch::Contains("app: building image"));
    err = run({});
    CHECK_THAT(err, !Catch::Contains("building image"));
    CHECK_THAT(err, !Catch::Contains("is older than"));
    require_nothing_left(project);
}

TEST_CASE("run --no-build with a missing built image exits 125 saying so, and --build with --no-build is a usage error",
          "[docker][build]") {
    std::string project = unique_project("nobuild");
    std::string spec = fixture_dir("build-context") + "/compose.yaml";
    auto r = run_dtx({"-p", project, "-f", spec, "run", "--no-build", "--", "true"});
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("services.app.build: image \"" + project +
                                      "-app\" is not present locally and --no-build forbids building it"));
    CHECK(run_dtx({"-p", project, "-f", spec, "run", "--build", "--no-build", "--", "true"}).exit_code == 2);
    require_nothing_left(project);
}

TEST_CASE("a tarball URL context is fetched by the engine, and dockerfile_inline needs no Dockerfile",
          "[docker][build]") {
    std::string project = unique_project("remote");
    ImageCleanup remote_image{project + "-remote"};
    ImageCleanup inline_image{project + "-inline"};
    std::string fixture_path = fixture_dir("remote-context");
    // A tarball of the fixture, served on the host where the engine fetches it.
    auto served =
        run_shell("d=$(mktemp -d) && tar -C " + fixture_path + " -cf $d/ctx.tar Dockerfile greeting && " +
                  "(cd $d && exec python3 -u -m http.server --bind 127.0.0.1 0 >$d/log 2>&1 & echo $! >$d/pid) && " +
                  "for i in $(seq 100); do grep -q 'port' $d/log && break; sleep 0.05; done; " +
                  "echo $d $(cat $d/pid) $(sed -n 's/.*port \\([0-9]*\\).*/\\1/p' $d/log)");
    REQUIRE(served.exit_code == 0);
    std::istringstream fields(served.out);
    std::string dir, pid, port;
    fields >> dir >> pid >> port;
    REQUIRE_FALSE(port.empty());
    struct StopServer {
        std::string pid, dir;
        ~StopServer() { run_shell("kill " + pid + "; rm -rf " + dir); }
    } stop_server{pid, dir};

    Invocation remote{{"-p", project, "-f", fixture_path + "/compose.yaml", "run", "--exit-code-from", "remote"},
                      {},
                      {{"DTX_TEST_CONTEXT_URL", "http://127.0.0.1:" + port + "/ctx.tar"}}};
    auto r = run_dtx(remote);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("remote | hello from the context"));
    CHECK_THAT(r.err, Catch::Contains("a remote context the engine fetches"));

    auto inlined = run_dtx({"-p", project, "-f", fixture_path + "/compose.yaml", "run", "--exit-code-from", "inline"});
    INFO(inlined.err);
    CHECK(inlined.exit_code == 0);
    CHECK_THAT(inlined.out, Catch::Contains("inline | hello from the inline Dockerfile"));
    require_nothing_left(project);
}
