#include "session/reporter.hpp"

#include <catch2/catch.hpp>

using namespace dtx::session;
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
