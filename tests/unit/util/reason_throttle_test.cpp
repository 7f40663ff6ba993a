#include "util/reason_throttle.hpp"

#include <catch2/catch.hpp>

using dtx::util::ReasonThrottle;
using dtx::util::TimePoint;
using namespace std::chrono_literals;

TEST_CASE("the same reason is let through at most once a second, a changed reason at once", "[util][log]") {
    ReasonThrottle throttle(1s);
    TimePoint t0{};
    CHECK(throttle.allow("connection refused", t0));
    CHECK_FALSE(throttle.allow("connection refused", t0 + 10ms));
    CHECK_FALSE(throttle.allow("connection refused", t0 + 990ms));
    CHECK(throttle.allow("connection refused", t0 + 1s));
    CHECK(throttle.allow("password authentication failed", t0 + 1010ms));
    CHECK(throttle.allow("connection refused", t0 + 1020ms));
    CHECK_FALSE(throttle.allow("connection refused", t0 + 1500ms));
}
