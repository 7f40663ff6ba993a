// x-dtx.init end to end: `dtx run` against the real engine and the local test images. SQL files run
// through the client libraries in order, exec and host steps run where they should, and a failing
// step stops the run with its file and line and leaves nothing behind.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace dtx::test;

TEST_CASE("postgres migrations from a glob run in name order, then an exec step, before the command",
          "[docker][init]") {
    std::string project = unique_project("init-pg");
    auto r = run_dtx({"-p", project, "-f", fixture("init-postgres"), "run", "--", "psql", "-v", "ON_ERROR_STOP=1",
                      "-tA", "-c", "SELECT string_agg(name, '|' ORDER BY id) FROM items"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "first; with a semicolon|it's second|from-exec\n");
    CHECK_THAT(r.err, Catch::Contains("db: init migrations/001_schema.sql (2 statements)"));
    CHECK_THAT(r.err, Catch::Contains("db: init migrations/002_seed.sql (2 statements)"));
    require_nothing_left(project);
}

TEST_CASE("an SQL error stops the run with exit 125, the file, the line and the server's message", "[docker][init]") {
    std::string project = unique_project("init-err");
    auto r = run_dtx({"-p", project, "-f", fixture("init-sql-error"), "run", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("db: x-dtx.init failed: schema.sql:5: ERROR: relation \"no_such_table\" does "
                                      "not exist"));
    // Said once: the progress line names the step, the error the reason.
    std::string reason = "relation \"no_such_table\" does not exist";
    CHECK(r.err.find(reason) == r.err.rfind(reason));
    CHECK_THAT(r.err, Catch::Contains("db FAILED at") && Catch::Contains("in x-dtx.init (schema.sql)"));
    // The dependant never started.
    CHECK_THAT(r.err, !Catch::Contains("api started"));
    require_nothing_left(project);
}

TEST_CASE("mariadb runs an init SQL file with escapes and a DELIMITER procedure", "[docker][init]") {
    std::string project = unique_project("init-maria");
    auto r = run_dtx({"-p", project, "-f", fixture("init-mariadb"), "run", "--", "mysql", "--user=root", "--batch",
                      "--skip-column-names", "--database=app", "--execute=SELECT body FROM notes ORDER BY id"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "it's; escaped\ndouble \"quoted\"\nfrom a procedure\n");
    CHECK_THAT(r.err, Catch::Contains("db: init schema.sql (4 statements)"));
    require_nothing_left(project);
}

TEST_CASE("a run step runs on the host in the spec's directory and sees the service's variables", "[docker][init]") {
    std::string project = unique_project("init-run");
    auto r = run_dtx({"-p", project, "-f", fixture("init-run"), "run", "--", "sh", "-c",
                      "test \"$(psql -tA -c 'SELECT port FROM seen')\" = \"$DTX_DB_PORT\" && echo same"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "same\n");
    require_nothing_left(project);
}
