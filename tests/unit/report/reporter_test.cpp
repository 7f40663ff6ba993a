#include "report/reporter.hpp"

#include "fakes/captured_file.hpp"
#include "secrets/secrets.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

using namespace dtx::report;
using std::chrono::milliseconds;

TEST_CASE("a timing line has each step that happened, in ms, and the strategy", "[session]") {
    ServiceTimes t;
    t.created = milliseconds(35);
    t.started = milliseconds(120);
    t.ready = milliseconds(2310);
    t.strategy = "postgres on 5432";
    CHECK(timing_line("db", t) == "timing db: created 35 ms, started 120 ms, ready 2310 ms (postgres on 5432)");

    ServiceTimes failed;
    failed.created = milliseconds(30);
    failed.started = milliseconds(95);
    failed.failed = milliseconds(140);
    failed.strategy = "tcp on 8080";
    CHECK(timing_line("bad", failed) == "timing bad: created 30 ms, started 95 ms, failed 140 ms (tcp on 8080)");

    ServiceTimes kept;  // `dtx up` kept the container: it was not created now
    kept.started = milliseconds(12);
    kept.ready = milliseconds(40);
    CHECK(timing_line("cache", kept) == "timing cache: started 12 ms, ready 40 ms");
    CHECK(timing_line("never", ServiceTimes{}) == "timing never: never started");
}

using dtx::fakes::read_all;

TEST_CASE("every line the reporter prints, failed services' logs too, has its secrets masked", "[session][mask]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    dtx::secrets::add_secret("rep-Sup3r-s3cret!");
    {
        StderrReporter reporter(false, false, out);
        reporter.note("connecting with rep-Sup3r-s3cret!");
        reporter.warning("DATABASE_URL=postgres://app:rep-Sup3r-s3cret%21@db/app");
        reporter.error("db: not ready (auth failed for postgres://app:other@127.0.0.1:5432/app)");
        reporter.service("db", Phase::failed, milliseconds(2000), "exited: rep-Sup3r-s3cret!");
        reporter.service_logs("db", "starting\nthe password is rep-Sup3r-s3cret!\n");
    }
    dtx::secrets::secrets().clear();
    std::string text = read_all(out);
    std::fclose(out);
    CHECK(text ==
          "dtx: connecting with ****\n"
          "dtx: warning: DATABASE_URL=postgres://app:****@db/app\n"
          "dtx: error: db: not ready (auth failed for postgres://app:****@127.0.0.1:5432/app)\n"
          "dtx: db FAILED at 2000 ms: exited: ****\n"
          "last log lines of db:\n"
          "  db | starting\n"
          "  db | the password is ****\n");
}
