#include "plan/subnet_pool.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace dtx::plan;

namespace {

Subnet pool_of(const std::string& text) {
    auto pool = parse_subnet(text);
    REQUIRE(pool.ok());
    return pool.value();
}

std::string error_of(const std::string& text) {
    auto pool = parse_subnet(text);
    REQUIRE_FALSE(pool.ok());
    CHECK(pool.error().code == dtx::util::Errc::invalid);
    return pool.error().message;
}

}  // namespace

TEST_CASE("a CIDR is read into its network address and prefix, and written back the same", "[network]") {
    Subnet pool = pool_of("10.200.0.0/16");
    CHECK(pool.address == 0x0AC80000U);
    CHECK(pool.prefix == 16);
    CHECK(pool.size() == 65536);
    CHECK(pool.to_string() == "10.200.0.0/16");
    CHECK(pool_of("192.168.255.252/30").to_string() == "192.168.255.252/30");
    CHECK(pool_of("0.0.0.0/0").size() == (std::uint64_t{1} << 32));
}

TEST_CASE("text that is not an IPv4 CIDR is refused with the expected form", "[network]") {
    for (const char* bad : {"", "10.200.0.0", "10.200.0/16", "10.200.0.0/", "/16", "10.200.0.0/16 ", " 10.200.0.0/16",
                            "10.256.0.0/16", "10.200.0.0/33", "10.200.0.0/-1", "a.b.c.d/16", "10.200.0.0.0/16",
                            "fd00::/64", "10.200.00.0/16", "10.200.0.0/016", "1000.0.0.0/8"}) {
        INFO(bad);
        std::string message = error_of(bad);
        CHECK_THAT(message, Catch::Contains(std::string("\"") + bad + "\" is not an IPv4 CIDR"));
        CHECK_THAT(message, Catch::Contains("ADDRESS/PREFIX, e.g. 10.200.0.0/16"));
    }
}

TEST_CASE("a CIDR with host bits set is refused naming the network meant", "[network]") {
    CHECK(error_of("10.200.1.0/16") == "\"10.200.1.0/16\" has host bits set; did you mean 10.200.0.0/16?");
    CHECK(error_of("10.213.0.1/28") == "\"10.213.0.1/28\" has host bits set; did you mean 10.213.0.0/28?");
}

TEST_CASE("a pool longer than /30 has no room for a network and is refused", "[network]") {
    CHECK_THAT(error_of("10.0.0.0/31"), Catch::Contains("too small for a network; use /30 or shorter"));
    CHECK_THAT(error_of("10.0.0.1/32"), Catch::Contains("too small for a network"));
}

TEST_CASE("a run's subnet is a /28 for up to 10 services and grows with more", "[network]") {
    Subnet pool = pool_of("10.200.0.0/16");
    CHECK(run_subnet_prefix(pool, 0).value() == 28);
    CHECK(run_subnet_prefix(pool, 1).value() == 28);
    CHECK(run_subnet_prefix(pool, 10).value() == 28);  // 10 + 3 reserved + 3 headroom = 16
    CHECK(run_subnet_prefix(pool, 11).value() == 27);
    CHECK(run_subnet_prefix(pool, 40).value() == 26);   // 40 + 3 + 10 = 53
    CHECK(run_subnet_prefix(pool, 300).value() == 23);  // 300 + 3 + 75 = 378
}

TEST_CASE("a pool smaller than a /28 is used whole when it still holds the services", "[network]") {
    CHECK(run_subnet_prefix(pool_of("10.0.0.0/29"), 2).value() == 29);
    CHECK(run_subnet_prefix(pool_of("10.0.0.0/29"), 5).value() == 29);  // 5 + 3 = 8, no headroom left
    CHECK(run_subnet_prefix(pool_of("10.0.0.0/28"), 12).value() == 28);
}

TEST_CASE("a pool smaller than the services need is refused naming the pool and the size needed", "[network]") {
    auto prefix = run_subnet_prefix(pool_of("10.0.0.0/29"), 6);
    REQUIRE_FALSE(prefix.ok());
    CHECK(prefix.error().message ==
          "the subnet pool 10.0.0.0/29 (8 addresses) is too small for 6 services, which need at least a /28 "
          "(16 addresses); pass a larger pool, e.g. 10.200.0.0/16");
    CHECK_FALSE(run_subnet_prefix(pool_of("10.0.0.0/30"), 2).ok());
    CHECK(run_subnet_prefix(pool_of("10.0.0.0/30"), 1).value() == 30);
}

TEST_CASE("the candidates tile the pool in order and wrap around past its end", "[network]") {
    Subnet pool = pool_of("10.213.0.0/26");
    REQUIRE(candidate_count(pool, 28) == 4);
    CHECK(candidate(pool, 28, 0).to_string() == "10.213.0.0/28");
    CHECK(candidate(pool, 28, 1).to_string() == "10.213.0.16/28");
    CHECK(candidate(pool, 28, 3).to_string() == "10.213.0.48/28");
    CHECK(candidate(pool, 28, 4).to_string() == "10.213.0.0/28");
    CHECK(candidate(pool, 28, 6).to_string() == "10.213.0.32/28");
    CHECK(candidate_count(pool, 26) == 1);
    CHECK(candidate(pool, 26, 5).to_string() == "10.213.0.0/26");
    Subnet big = pool_of("10.0.0.0/8");
    CHECK(candidate_count(big, 28) == (std::uint64_t{1} << 20));
    CHECK(candidate(big, 28, (std::uint64_t{1} << 20) - 1).to_string() == "10.255.255.240/28");
}

TEST_CASE("the first candidate is stable per run id and spread across run ids", "[network]") {
    const std::uint64_t count = 4096;
    CHECK(first_candidate("shop-1a2b3c", count) == first_candidate("shop-1a2b3c", count));
    std::set<std::uint64_t> starts;
    for (int i = 0; i < 64; ++i) {
        std::uint64_t start = first_candidate("shop-" + std::to_string(100000 + i), count);
        CHECK(start < count);
        starts.insert(start);
    }
    CHECK(starts.size() >= 60);  // 64 ids in 4096 slots: a handful of collisions at most
    CHECK(first_candidate("anything", 1) == 0);
}
