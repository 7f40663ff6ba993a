#include "images/image_freshness.hpp"

#include <catch2/catch.hpp>

using dtx::images::age_text;
using namespace std::chrono_literals;

TEST_CASE("ages are written in the largest whole unit, seconds to days", "[session][images]") {
    auto now = std::chrono::system_clock::now();
    CHECK(age_text(now - 40s, now) == "40 s");
    CHECK(age_text(now - 150s, now) == "2 min");
    CHECK(age_text(now - 3h - 5min, now) == "3 h");
    CHECK(age_text(now - 24h * 5, now) == "5 days");
    CHECK(age_text(now + 10s, now) == "0 s");  // a clock a little ahead
}
