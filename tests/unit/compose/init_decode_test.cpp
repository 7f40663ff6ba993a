// x-dtx.init decoding: SQL files and globs, {exec: …} and {run: …}, and errors at their location.
#include "load/loader.hpp"
#include "util/error.hpp"

#include "fakes/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace dtx::compose;
using namespace dtx::load;
using dtx::fakes::TempDir;
using Words = std::vector<std::string>;

namespace {

// The service db of `yaml` loaded from `dir`, with `init` as its x-dtx.init (indented lines).
LoadResult load_init(const TempDir& dir, const std::string& init) {
    std::string file =
        dir.write("compose.yaml", "services:\n  db:\n    image: postgres\n    x-dtx:\n      init:\n" + init);
    return load_spec(LoadOptions{{file}, "", dir.path(), {}, {}, {}});
}

std::vector<InitStep> steps(const TempDir& dir, const std::string& init) {
    auto r = load_init(dir, init);
    INFO((r.errors.empty() ? "" : r.errors.front()));
    REQUIRE(r.errors.empty());
    return r.project.find("db")->dtx.init;
}

std::string only_error(const TempDir& dir, const std::string& init) {
    auto r = load_init(dir, init);
    REQUIRE(r.errors.size() == 1);
    return r.errors.front();
}

std::string in(const TempDir& dir, const std::string& name) {
    return (std::filesystem::path(dir.path()) / name).string();
}

}  // namespace

TEST_CASE("an init SQL file is resolved against the spec's directory, as a string or {sql: FILE}", "[spec][init]") {
    TempDir dir;
    dir.write("schema.sql", "SELECT 1;");
    auto s = steps(dir, "        - schema.sql\n        - sql: ./schema.sql\n");
    REQUIRE(s.size() == 2);
    CHECK(s[0].sql_file == in(dir, "schema.sql"));
    CHECK(s[1].sql_file == in(dir, "schema.sql"));
    CHECK(s[0].location.line == 6);
    CHECK(s[1].location.line == 7);
}

TEST_CASE("an init glob becomes one step per file, sorted by name byte-wise", "[spec][init]") {
    TempDir dir;
    std::filesystem::create_directories(std::filesystem::path(dir.path()) / "migrations" / "sub.sql");
    dir.write("migrations/002_data.sql", "");
    dir.write("migrations/001_schema.sql", "");
    dir.write("migrations/010_late.sql", "");
    dir.write("migrations/.hidden.sql", "");
    dir.write("migrations/notes.txt", "");
    dir.write("seed.sql", "");
    auto s = steps(dir, "        - migrations/*.sql\n        - {sql: 'seed.s?l'}\n");
    std::vector<std::string> files;
    for (const auto& step : s) {
        files.push_back(step.sql_file);
    }
    // A directory matching the pattern and a hidden file are not steps.
    CHECK(files == Words{in(dir, "migrations/001_schema.sql"), in(dir, "migrations/002_data.sql"),
                         in(dir, "migrations/010_late.sql"), in(dir, "seed.sql")});
    CHECK(s[0].location.line == 6);
    CHECK(s[2].location.line == 6);
    CHECK(s[3].location.line == 7);
}

TEST_CASE("an init glob that matches nothing is an error at its location", "[spec][init]") {
    TempDir dir;
    CHECK_THAT(only_error(dir, "        - migrations/*.sql\n"),
               Catch::Contains("compose.yaml:6:11: services.db.x-dtx.init[0]: no SQL file matches " +
                               in(dir, "migrations/*.sql")));
    CHECK_THAT(only_error(dir, "        - {sql: '*.sql'}\n"),
               Catch::Contains("compose.yaml:6:17: services.db.x-dtx.init[0].sql: no SQL file matches"));
}

TEST_CASE("a missing init SQL file is an error at its location", "[spec][init]") {
    TempDir dir;
    CHECK_THAT(only_error(dir, "        - sql: missing.sql\n"),
               Catch::Contains("compose.yaml:6:16: services.db.x-dtx.init[0].sql: SQL file " + in(dir, "missing.sql") +
                               " not found"));
    CHECK_THAT(only_error(dir, "        - ''\n"), Catch::Contains("init[0]: an SQL file path cannot be empty"));
}

TEST_CASE("an exec step is split like a shell would, or taken as a list", "[spec][init]") {
    TempDir dir;
    auto s = steps(dir, "        - exec: psql -c 'select 1'\n        - exec: [sh, -c, 'echo a; echo b']\n");
    REQUIRE(s.size() == 2);
    CHECK(s[0].command == Words{"psql", "-c", "select 1"});
    CHECK(s[1].command == Words{"sh", "-c", "echo a; echo b"});
    CHECK(s[0].sql_file.empty());
    CHECK(s[0].run.empty());
}

TEST_CASE("a run step string is a shell line and a list runs without a shell", "[spec][init]") {
    TempDir dir;
    // $$ keeps the variable from interpolation at load time, for the shell when the step runs.
    auto s = steps(dir, "        - run: ./seed.sh \"$$DTX_DB_PORT\" && echo ok\n        - run: [./seed.sh, a b]\n");
    REQUIRE(s.size() == 2);
    CHECK(s[0].run == Words{"/bin/sh", "-c", "./seed.sh \"$DTX_DB_PORT\" && echo ok"});
    CHECK(s[1].run == Words{"./seed.sh", "a b"});
    CHECK(s[1].command.empty());
}

TEST_CASE("an unknown init step key gets the closest one", "[spec][init]") {
    TempDir dir;
    CHECK_THAT(
        only_error(dir, "        - rnu: ./seed.sh\n"),
        Catch::Contains(
            "compose.yaml:6:11: services.db.x-dtx.init[0].rnu: unknown init step \"rnu\"; did you mean \"run\"?"));
}

TEST_CASE("an init step with two kinds or no command is refused", "[spec][init]") {
    TempDir dir;
    dir.write("a.sql", "");
    CHECK_THAT(only_error(dir, "        - {sql: a.sql, run: ls}\n"),
               Catch::Contains("init[0]: an init step is one of {sql: FILE}, {exec: COMMAND} or {run: COMMAND}"));
    CHECK_THAT(only_error(dir, "        - run: ''\n"), Catch::Contains("init[0].run: run needs a command"));
    CHECK_THAT(only_error(dir, "        - run: []\n"), Catch::Contains("init[0].run: run needs a command"));
    CHECK_THAT(only_error(dir, "        - exec: []\n"), Catch::Contains("init[0].exec: exec needs a command"));
}

TEST_CASE("x-dtx.init must be a list", "[spec][init]") {
    TempDir dir;
    std::string file =
        dir.write("compose.yaml", "services:\n  db:\n    image: postgres\n    x-dtx:\n      init: a.sql\n");
    auto r = load_spec(LoadOptions{{file}, "", dir.path(), {}, {}, {}});
    REQUIRE(r.errors.size() == 1);
    CHECK_THAT(r.errors.front(), Catch::Contains("x-dtx.init: expected a list of steps"));
}
