// `dtx config` and `dtx validate` through the built binary (no engine needed).
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>

using namespace dtx::test;

namespace {

std::string spec_fixture(const std::string& name) {
    return source_path("tests/fixtures/spec/" + name + "/compose.yaml");
}

}  // namespace

TEST_CASE("validate exits 0 for a valid spec and 1 listing every error for an invalid one", "[offline][cli][config]") {
    auto ok = run_dtx({"-f", spec_fixture("minimal-image"), "validate"});
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.err, Catch::Contains("is valid: 1 service(s)"));

    auto bad = run_dtx({"-f", spec_fixture("error-many-at-once"), "validate"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::Contains("services.db.ports[0]: \"abc\" is not a port number"));
    CHECK_THAT(bad.err, Catch::Contains("services.web.depends_on.nope: unknown service \"nope\""));
    CHECK_THAT(bad.err, Catch::Contains("5 error(s)"));
    CHECK(bad.out.empty());
}

TEST_CASE("config prints JSON on stdout and nothing else there", "[offline][cli][config]") {
    auto r = run_dtx({"-f", spec_fixture("depends-on-list"), "config", "--format", "json"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("{\n  \"name\": \"depends-on-list\""));
    CHECK_THAT(r.out, Catch::Contains("\"condition\": \"service_started\""));
}

TEST_CASE("config SERVICE keeps that service and its dependencies, even from an inactive profile",
          "[offline][cli][config]") {
    auto r = run_dtx({"-f", spec_fixture("profiles-active"), "config", "--services", "mock"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "db\nmock\n");
}

TEST_CASE("config --profiles lists every profile and --images every active image", "[offline][cli][config]") {
    auto profiles = run_dtx({"-f", spec_fixture("profiles-inactive"), "config", "--profiles"});
    CHECK(profiles.out == "debug\nintegration\n");
    auto images = run_dtx({"-f", spec_fixture("profiles-inactive"), "config", "--images"});
    CHECK(images.out == "postgres:16\n");
}

TEST_CASE("config of an invalid spec exits 125 with its errors", "[offline][cli][config]") {
    auto r = run_dtx({"-f", spec_fixture("error-cycle"), "config"});
    CHECK(r.exit_code == 125);
    CHECK_THAT(r.err, Catch::Contains("dependency cycle a -> b -> c -> a"));
}

TEST_CASE("the --env-file option replaces the .env beside the spec", "[offline][cli][config]") {
    std::string dir = source_path("tests/fixtures/spec/env-file-option");
    auto r = run_dtx({"-f", dir + "/compose.yaml", "--env-file", dir + "/ci.env", "config", "--images"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "postgres:16\n");
}
