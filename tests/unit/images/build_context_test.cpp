// Packing a Compose build context: what .dockerignore leaves out, what is always sent, where the
// Dockerfile is in the archive, and the failures that name their file.
#include "images/build_context.hpp"

#include "fakes/tar_reader.hpp"
#include "fakes/temp_dir.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>

using dtx::fakes::tar_entries;
using dtx::fakes::TempDir;
using dtx::images::pack_build_context;
using dtx::util::Errc;
namespace fs = std::filesystem;

namespace {

dtx::compose::Build build_of(const std::string& context, const std::string& dockerfile = "Dockerfile") {
    dtx::compose::Build b;
    b.context = context;
    b.dockerfile = dockerfile;
    return b;
}

std::vector<std::string> names(const std::string& tar) {
    std::vector<std::string> out;
    for (const auto& [name, entry] : tar_entries(tar)) {
        out.push_back(name);
    }
    return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("a context without .dockerignore is sent whole", "[session][images]") {
    TempDir ctx("app");
    ctx.write("Dockerfile", "FROM dtx-test/base:bookworm\n");
    fs::create_directories(ctx.path() + "/src");
    ctx.write("src/main.c", "int main;\n");
    auto packed = pack_build_context(build_of(ctx.path()));
    REQUIRE(packed.ok());
    CHECK(packed->dockerfile == "Dockerfile");
    CHECK(packed->ignore_file.empty());
    CHECK(names(packed->tar) == Names{"Dockerfile", "src/", "src/main.c"});
    CHECK(tar_entries(packed->tar).at("src/main.c").content == "int main;\n");
}

TEST_CASE("what .dockerignore excludes is left out, but the Dockerfile and .dockerignore are always sent",
          "[session][images]") {
    TempDir ctx("app");
    ctx.write("Dockerfile", "FROM dtx-test/base:bookworm\n");
    ctx.write(".dockerignore", "# keep the context small\n*.secret\nDockerfile\n.dockerignore\nbig/\n");
    ctx.write("api.secret", "hunter2");
    ctx.write("app.txt", "app");
    fs::create_directories(ctx.path() + "/big/deeper");
    ctx.write("big/deeper/blob", std::string(4096, 'x'));
    auto packed = pack_build_context(build_of(ctx.path()));
    REQUIRE(packed.ok());
    CHECK(packed->ignore_file == ctx.path() + "/.dockerignore");
    CHECK(names(packed->tar) == Names{".dockerignore", "Dockerfile", "app.txt"});
}

TEST_CASE("an exception reopens an excluded directory without sending the directory entry", "[session][images]") {
    TempDir ctx("app");
    ctx.write("Dockerfile", "FROM x\n");
    ctx.write(".dockerignore", "logs\n!logs/keep.txt\n");
    fs::create_directories(ctx.path() + "/logs");
    ctx.write("logs/keep.txt", "k");
    ctx.write("logs/today.log", "t");
    auto packed = pack_build_context(build_of(ctx.path()));
    REQUIRE(packed.ok());
    CHECK(names(packed->tar) == Names{".dockerignore", "Dockerfile", "logs/keep.txt"});
}

TEST_CASE("a Dockerfile in a subdirectory is named by its path in the context and sent even when excluded",
          "[session][images]") {
    TempDir ctx("app");
    fs::create_directories(ctx.path() + "/docker");
    ctx.write("docker/Dockerfile.test", "FROM x\n");
    ctx.write("docker/notes.md", "n");
    ctx.write(".dockerignore", "docker\n");
    auto packed = pack_build_context(build_of(ctx.path(), "docker/Dockerfile.test"));
    REQUIRE(packed.ok());
    CHECK(packed->dockerfile == "docker/Dockerfile.test");
    CHECK(names(packed->tar) == Names{".dockerignore", "docker/Dockerfile.test"});
}

TEST_CASE("an ignore file named after the Dockerfile, beside it, wins over the context's", "[session][images]") {
    TempDir ctx("app");
    fs::create_directories(ctx.path() + "/docker");
    ctx.write("docker/test.Dockerfile", "FROM x\n");
    ctx.write("docker/test.Dockerfile.dockerignore", "*.md\n");
    ctx.write(".dockerignore", "*.txt\n");
    ctx.write("a.md", "m");
    ctx.write("a.txt", "t");
    auto packed = pack_build_context(build_of(ctx.path(), "docker/test.Dockerfile"));
    REQUIRE(packed.ok());
    CHECK(packed->ignore_file == ctx.path() + "/docker/test.Dockerfile.dockerignore");
    CHECK(names(packed->tar) ==
          Names{".dockerignore", "a.txt", "docker/", "docker/test.Dockerfile", "docker/test.Dockerfile.dockerignore"});
}

TEST_CASE("a Dockerfile outside the context is added under a hashed name that the sent .dockerignore lists",
          "[session][images]") {
    TempDir root("repo");
    fs::create_directories(root.path() + "/app");
    root.write("Dockerfile", "FROM dtx-test/base:bookworm\nCOPY . /app\n");
    root.write("app/.dockerignore", "*.tmp");
    root.write("app/main.c", "c");
    root.write("app/x.tmp", "t");
    auto packed = pack_build_context(build_of(root.path() + "/app", "../Dockerfile"));
    REQUIRE(packed.ok());
    REQUIRE(packed->dockerfile.starts_with(".dockerfile."));
    CHECK(packed->dockerfile.size() == std::string(".dockerfile.").size() + 20);
    auto entries = tar_entries(packed->tar);
    CHECK(names(packed->tar) == Names{".dockerfile." + packed->dockerfile.substr(12), ".dockerignore", "main.c"});
    CHECK(entries.at(packed->dockerfile).content == "FROM dtx-test/base:bookworm\nCOPY . /app\n");
    CHECK(entries.at(".dockerignore").content == "*.tmp\n" + packed->dockerfile + "\n");

    auto again = pack_build_context(build_of(root.path() + "/app", root.path() + "/Dockerfile"));
    REQUIRE(again.ok());
    CHECK(again->dockerfile == packed->dockerfile);  // the name depends on the text only: cache-friendly
    CHECK(again->tar == packed->tar);
}

TEST_CASE("an excluded directory is never read, so an unreadable one does not stop the build", "[session][images]") {
    TempDir ctx("app");
    ctx.write("Dockerfile", "FROM x\n");
    fs::create_directories(ctx.path() + "/pgdata");
    ctx.write("pgdata/PG_VERSION", "16");
    fs::permissions(ctx.path() + "/pgdata", fs::perms::none);
    if (geteuid() != 0) {  // root reads it anyway
        auto unfiltered = pack_build_context(build_of(ctx.path()));
        REQUIRE_FALSE(unfiltered.ok());
        CHECK(unfiltered.error().code == Errc::io);
        CHECK_THAT(unfiltered.error().message, Catch::Contains(ctx.path() + "/pgdata"));
    }
    ctx.write(".dockerignore", "pgdata\n");
    auto packed = pack_build_context(build_of(ctx.path()));
    fs::permissions(ctx.path() + "/pgdata", fs::perms::owner_all);
    REQUIRE(packed.ok());
    CHECK(names(packed->tar) == Names{".dockerignore", "Dockerfile"});
}

TEST_CASE("a missing context or Dockerfile is not_found naming it", "[session][images]") {
    TempDir ctx("app");
    auto no_dockerfile = pack_build_context(build_of(ctx.path(), "Dockerfile.ci"));
    REQUIRE_FALSE(no_dockerfile.ok());
    CHECK(no_dockerfile.error().code == Errc::not_found);
    CHECK(no_dockerfile.error().message == "cannot read the Dockerfile " + ctx.path() + "/Dockerfile.ci: no such file");

    auto no_context = pack_build_context(build_of(ctx.path() + "/nope"));
    REQUIRE_FALSE(no_context.ok());
    CHECK(no_context.error().code == Errc::not_found);
    CHECK(no_context.error().message == "the build context " + ctx.path() + "/nope is not a directory");
}

TEST_CASE("a malformed .dockerignore is invalid, naming the file and the line", "[session][images]") {
    TempDir ctx("app");
    ctx.write("Dockerfile", "FROM x\n");
    ctx.write(".dockerignore", "ok\n[oops\n");
    auto packed = pack_build_context(build_of(ctx.path()));
    REQUIRE_FALSE(packed.ok());
    CHECK(packed.error().code == Errc::invalid);
    CHECK(packed.error().message == ctx.path() + "/.dockerignore: line 2: bad pattern \"[oops\": '[' is not closed");
}

TEST_CASE("the freshness walk finds the newest file the context sends, not an excluded one", "[session][images]") {
    TempDir ctx("app");
    ctx.write("Dockerfile", "FROM scratch\n");
    ctx.write(".dockerignore", "logs\n");
    fs::create_directories(fs::path(ctx.path()) / "src");
    fs::create_directories(fs::path(ctx.path()) / "logs");
    auto now = fs::file_time_type::clock::now();
    fs::last_write_time(ctx.write("Dockerfile", "FROM scratch\n"), now - std::chrono::hours(3));
    fs::last_write_time(ctx.write(".dockerignore", "logs\n"), now - std::chrono::hours(3));
    fs::last_write_time(ctx.write("src/main.go", "package main\n"), now - std::chrono::hours(1));
    ctx.write("logs/today.log", "newest, but excluded");
    auto newest = dtx::images::newest_context_file(build_of(ctx.path()));
    REQUIRE(newest.has_value());
    CHECK(newest->path == (fs::path(ctx.path()) / "src/main.go").string());
}

TEST_CASE("the freshness walk stops after its bound of entries", "[session][images]") {
    TempDir ctx("app");
    ctx.write("Dockerfile", "FROM scratch\n");
    for (int i = 0; i < 5; ++i) {
        ctx.write("f" + std::to_string(i), "x");
    }
    auto newest = dtx::images::newest_context_file(build_of(ctx.path()), 2);
    REQUIRE(newest.has_value());  // some file among the first two entries
    CHECK_FALSE(dtx::images::newest_context_file(build_of(ctx.path() + "/missing")).has_value());
}
