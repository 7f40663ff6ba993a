// Secrets masked as **** in what `dtx config` prints (unless --no-mask), through the built binary
// without an engine.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>

using namespace dtx::test;

TEST_CASE("config masks passwords, URL passwords and values holding them", "[offline][cli][config][mask]") {
    for (const char* format : {"yaml", "json"}) {
        INFO(format);
        auto r = run_dtx({"-f", fixture("mask-config"), "config", "--format", format});
        CHECK(r.exit_code == 0);
        require_no_mask_config_secret(r.out);
        require_no_mask_config_secret(r.err);
        CHECK_THAT(r.out, Catch::Contains("hello ****"));
        CHECK_THAT(r.out, Catch::Contains("postgres://app:****@db:5432/app"));
        CHECK_THAT(r.out, Catch::Contains("POSTGRES_PASSWORD") && Catch::Contains("MYSQL_PASSWORD"));
        CHECK_THAT(r.out, !Catch::Contains("pw\n") && !Catch::Contains("\"pw\""));
    }
}

TEST_CASE("config --no-mask prints the secrets as the spec has them", "[offline][cli][config][mask]") {
    auto r = run_dtx({"-f", fixture("mask-config"), "config", "--no-mask", "--format", "json"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("\"POSTGRES_PASSWORD\": \"Sup3r-s3cret!\""));
    CHECK_THAT(r.out, Catch::Contains("postgres://app:an0ther-pw@db:5432/app"));
    CHECK_THAT(r.out, Catch::Contains("\"r3dis$$pass\""));
    CHECK_THAT(r.out, Catch::Contains("\"MYSQL_PASSWORD\": \"pw\""));
    CHECK_THAT(r.out, !Catch::Contains("****"));
}
