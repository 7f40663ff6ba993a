#include "util/byte_size.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

using dtx::util::parse_byte_size;

namespace {

constexpr std::int64_t k_kib = 1024;
constexpr std::int64_t k_mib = 1024 * k_kib;
constexpr std::int64_t k_gib = 1024 * k_mib;
constexpr std::int64_t k_tib = 1024 * k_gib;
constexpr std::int64_t k_pib = 1024 * k_tib;

std::int64_t bytes_of(std::string_view text) {
    auto b = parse_byte_size(text);
    INFO(text);
    REQUIRE(b.ok());
    return b.value();
}

}  // namespace

TEST_CASE("a bare number is a number of bytes", "[util]") {
    CHECK(bytes_of("32") == 32);
    CHECK(bytes_of("67108864") == 67'108'864);
    CHECK(bytes_of("0") == 0);
}

TEST_CASE("the b unit means bytes in either case", "[util]") {
    CHECK(bytes_of("32b") == 32);
    CHECK(bytes_of("32B") == 32);
}

TEST_CASE("every unit is a binary multiple", "[util]") {
    CHECK(bytes_of("32k") == 32 * k_kib);
    CHECK(bytes_of("512m") == 512 * k_mib);
    CHECK(bytes_of("1g") == k_gib);
    CHECK(bytes_of("32t") == 32 * k_tib);
    CHECK(bytes_of("32p") == 32 * k_pib);
}

TEST_CASE("units are case-insensitive and may end in b or ib", "[util]") {
    CHECK(bytes_of("32K") == 32 * k_kib);
    CHECK(bytes_of("32kb") == 32 * k_kib);
    CHECK(bytes_of("32Kb") == 32 * k_kib);
    CHECK(bytes_of("32KiB") == 32 * k_kib);
    CHECK(bytes_of("32KIB") == 32 * k_kib);
    CHECK(bytes_of("1GB") == k_gib);
    CHECK(bytes_of("1gib") == k_gib);
    CHECK(bytes_of("32PB") == 32 * k_pib);
}

TEST_CASE("a fractional size is truncated to whole bytes", "[util]") {
    CHECK(bytes_of("1.5gb") == 3 * k_gib / 2);
    CHECK(bytes_of("1.5k") == 1536);
    CHECK(bytes_of("0.3MB") == 314'572);  // 314572.8
    CHECK(bytes_of("32.3") == 32);
    CHECK(bytes_of(".5k") == 512);
    CHECK(bytes_of("2.k") == 2048);
}

TEST_CASE("one space may separate the number from its unit", "[util]") {
    CHECK(bytes_of("32.3 mb") == static_cast<std::int64_t>(32.3 * static_cast<double>(k_mib)));
    CHECK(bytes_of("64 MiB") == 64 * k_mib);
    CHECK(bytes_of("32 ") == 32);
}

TEST_CASE("an exponent or a plus sign is read as go-units reads it", "[util]") {
    CHECK(bytes_of("1e3") == 1000);
    CHECK(bytes_of("1.5E2k") == 150 * k_kib);
    CHECK(bytes_of("+5m") == 5 * k_mib);
}

TEST_CASE("an empty byte size is rejected with the examples", "[util]") {
    auto b = parse_byte_size("");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().code == dtx::util::Errc::invalid);
    CHECK_THAT(b.error().message, Catch::Contains("512m, 1g, 1.5gb or a number of bytes"));
}

TEST_CASE("text without a number is not a byte size", "[util]") {
    auto b = parse_byte_size("hello");
    REQUIRE_FALSE(b.ok());
    CHECK_THAT(b.error().message, Catch::Contains("\"hello\" is not a byte size"));
    CHECK_FALSE(parse_byte_size("g").ok());
    CHECK_FALSE(parse_byte_size(".").ok());
    CHECK_FALSE(parse_byte_size(".g").ok());
}

TEST_CASE("a negative byte size is rejected as negative", "[util]") {
    auto b = parse_byte_size("-32");
    REQUIRE_FALSE(b.ok());
    CHECK_THAT(b.error().message, Catch::Contains("\"-32\"") && Catch::Contains("negative"));
    CHECK_FALSE(parse_byte_size("-1g").ok());
}

TEST_CASE("an unknown unit is rejected with a message naming it", "[util]") {
    auto b = parse_byte_size("5x");
    REQUIRE_FALSE(b.ok());
    CHECK_THAT(b.error().message,
               Catch::Contains("\"5x\"") && Catch::Contains("unknown unit \"x\"") && Catch::Contains("1.5gb"));
    CHECK_FALSE(parse_byte_size("32bm").ok());   // nothing may follow b
    CHECK_FALSE(parse_byte_size("32kbb").ok());  // too long
    CHECK_FALSE(parse_byte_size("32ki").ok());   // i needs its b
    CHECK_FALSE(parse_byte_size("32e").ok());    // k, m, g, t, p only: no exa
}

TEST_CASE("blanks around a byte size or a second space are rejected", "[util]") {
    CHECK_FALSE(parse_byte_size(" 32 ").ok());
    CHECK_FALSE(parse_byte_size(" 32").ok());
    CHECK_FALSE(parse_byte_size("32m b").ok());
    CHECK_FALSE(parse_byte_size("32  m").ok());
    CHECK_FALSE(parse_byte_size("32\tm").ok());
}

TEST_CASE("malformed numbers are rejected", "[util]") {
    CHECK_FALSE(parse_byte_size("1.2.3m").ok());
    CHECK_FALSE(parse_byte_size("1g5").ok());
    CHECK_FALSE(parse_byte_size("0x10").ok());
    CHECK_FALSE(parse_byte_size("1e").ok());  // read as 1 with the unknown unit e
    CHECK_FALSE(parse_byte_size("++1").ok());
}

TEST_CASE("a size past 63 bits is rejected rather than wrapped", "[util]") {
    CHECK(bytes_of("7p") == 7 * k_pib);
    auto b = parse_byte_size("8192p");  // 2^63
    REQUIRE_FALSE(b.ok());
    CHECK_THAT(b.error().message, Catch::Contains("63 bits"));
    CHECK_FALSE(parse_byte_size("1e400").ok());
    CHECK(bytes_of("1e-400") == 0);
}
