#include "util/duration.hpp"

#include <catch2/catch.hpp>

using dtx::util::parse_duration;
using std::chrono::milliseconds;

namespace {

milliseconds ms_of(std::string_view text) {
    auto d = parse_duration(text);
    REQUIRE(d.ok());
    return d.value();
}

}  // namespace

TEST_CASE("minutes and seconds add up", "[util]") {
    CHECK(ms_of("1m30s") == milliseconds(90'000));
}

TEST_CASE("milliseconds are read as milliseconds", "[util]") {
    CHECK(ms_of("500ms") == milliseconds(500));
}

TEST_CASE("seconds are read as seconds", "[util]") {
    CHECK(ms_of("10s") == milliseconds(10'000));
}

TEST_CASE("a fractional number of seconds is exact to the millisecond", "[util]") {
    CHECK(ms_of("1.5s") == milliseconds(1'500));
}

TEST_CASE("hours are read as hours", "[util]") {
    CHECK(ms_of("2h") == milliseconds(7'200'000));
}

TEST_CASE("a bare number timeout counts as seconds", "[util]") {
    CHECK(ms_of("5") == milliseconds(5'000));
    CHECK(ms_of("1.5") == milliseconds(1'500));
}

TEST_CASE("every unit of the combined form is understood", "[util]") {
    CHECK(ms_of("1h1m1s1ms") == milliseconds(3'661'001));
    CHECK(ms_of("1500us") == milliseconds(2));  // 1.5 ms rounds to the nearest millisecond
    CHECK(ms_of("2000000ns") == milliseconds(2));
}

TEST_CASE("text without a number is not a duration", "[util]") {
    auto d = parse_duration("abc");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().code == dtx::util::Errc::invalid);
    CHECK_THAT(d.error().message, Catch::Contains("\"abc\" is not a duration"));
}

TEST_CASE("an empty duration is rejected", "[util]") {
    CHECK_FALSE(parse_duration("").ok());
}

TEST_CASE("an unknown unit is rejected with a message naming the text", "[util]") {
    auto d = parse_duration("5x");
    REQUIRE_FALSE(d.ok());
    CHECK_THAT(d.error().message, Catch::Contains("\"5x\"") && Catch::Contains("1m30s"));
}

TEST_CASE("a bare number after a unit is rejected", "[util]") {
    CHECK_FALSE(parse_duration("1m30").ok());
    CHECK_FALSE(parse_duration("s").ok());
    CHECK_FALSE(parse_duration("-5s").ok());
    CHECK_FALSE(parse_duration(" 5s").ok());
}

TEST_CASE("a number with more than one decimal point is rejected", "[util]") {
    CHECK_FALSE(parse_duration("1..5s").ok());   // read as 1s
    CHECK_FALSE(parse_duration("1.2.3s").ok());  // read as 1.2s
    CHECK_FALSE(parse_duration(".").ok());       // read as 0s
}
