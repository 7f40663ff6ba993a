// dtx config and dtx validate through the runtime: the spec found in its working directory,
// interpolated from its environment, printed on its output.
#include "session/config.hpp"

#include "fakes/fake_runtime.hpp"
#include "fakes/recording_reporter.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace dtx::session;
using Catch::Matchers::Contains;
using dtx::fakes::FakeWorld;
using dtx::fakes::RecordingReporter;

namespace {

const char* const k_spec = R"(name: shop
services:
  db:
    image: ${DB_IMAGE:-postgres:16}
    environment:
      POSTGRES_PASSWORD: s3cret-pw
  cache:
    image: redis:7
    profiles: [extra]
  api:
    image: shop-api
    depends_on: [db]
)";

}  // namespace

TEST_CASE("config prints the spec discovered in the working directory, interpolated from the runtime's env",
          "[session][config]") {
    FakeWorld world;
    world.dir.write("compose.yaml", k_spec);
    world.env["DB_IMAGE"] = "postgres:15";
    RecordingReporter reporter;
    ConfigOptions options;
    CHECK(show_config(world.runtime(), options, reporter) == 0);
    std::string out = world.output();
    CHECK_THAT(out, Contains("name: shop"));
    CHECK_THAT(out, Contains("image: postgres:15"));
    CHECK_THAT(out, !Contains("s3cret-pw"));  // masked unless --no-mask
    CHECK_THAT(out, !Contains("redis:7"));    // profile not active
    CHECK(world.connects() == 0);             // config never needs the engine
}

TEST_CASE("config --services, --images, SERVICE... and --no-mask", "[session][config]") {
    FakeWorld world;
    world.dir.write("compose.yaml", k_spec);
    RecordingReporter reporter;
    ConfigOptions services;
    services.services = true;
    CHECK(show_config(world.runtime(), services, reporter) == 0);
    CHECK(world.output() == "api\ndb\n");  // by name, as docker compose prints them

    FakeWorld only;
    only.dir.write("compose.yaml", k_spec);
    ConfigOptions images;
    images.images = true;
    images.only = {"api"};
    CHECK(show_config(only.runtime(), images, reporter) == 0);
    CHECK(only.output() == "shop-api\npostgres:16\n");

    FakeWorld clear;
    clear.dir.write("compose.yaml", k_spec);
    ConfigOptions unmasked;
    unmasked.mask = false;
    CHECK(show_config(clear.runtime(), unmasked, reporter) == 0);
    CHECK_THAT(clear.output(), Contains("s3cret-pw"));
}

TEST_CASE("config of an unknown service is a usage error naming the services", "[session][config]") {
    FakeWorld world;
    world.dir.write("compose.yaml", k_spec);
    RecordingReporter reporter;
    ConfigOptions options;
    options.only = {"nope"};
    CHECK_THROWS_WITH(show_config(world.runtime(), options, reporter),
                      Contains("compose.yaml: no service named \"nope\""));
}

TEST_CASE("config of an invalid spec throws every error with its place", "[session][config]") {
    FakeWorld world;
    world.dir.write("compose.yaml", "services:\n  db:\n    image: postgres:16\n    ports: [\"not a port\"]\n");
    RecordingReporter reporter;
    ConfigOptions options;
    CHECK_THROWS_MATCHES(show_config(world.runtime(), options, reporter), dtx::SpecError,
                         Catch::Matchers::Predicate<dtx::SpecError>([](const dtx::SpecError& e) {
                             return std::string(e.what()).find("compose.yaml:4:") != std::string::npos;
                         }));
    CHECK(world.output().empty());
}

TEST_CASE("config without a spec in the working directory says where it looked", "[session][config]") {
    FakeWorld world;
    RecordingReporter reporter;
    ConfigOptions options;
    CHECK_THROWS_AS(show_config(world.runtime(), options, reporter), dtx::SpecError);
}

TEST_CASE("validate: 0 and a note when valid, 1 with every error reported when not", "[session][config]") {
    RecordingReporter good_reporter;
    FakeWorld good;
    good.dir.write("compose.yaml", k_spec);
    CHECK(validate(good.runtime(), GlobalOptions{}, false, good_reporter) == 0);
    REQUIRE(good_reporter.notes().size() == 1);
    CHECK_THAT(good_reporter.notes()[0], Contains("is valid: 2 service(s)"));

    RecordingReporter bad_reporter;
    FakeWorld bad;
    bad.dir.write("compose.yaml", "services:\n  db:\n    image: postgres:16\n    depends_on: [ghost]\n");
    CHECK(validate(bad.runtime(), GlobalOptions{}, false, bad_reporter) == dtx::exit_code::k_invalid);
    auto errors = bad_reporter.errors();
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0], Contains("ghost"));
    CHECK_THAT(errors[1], Contains("1 error(s)"));

    RecordingReporter quiet_reporter;
    CHECK(validate(good.runtime(), GlobalOptions{}, true, quiet_reporter) == 0);
    CHECK(quiet_reporter.notes().empty());
}

TEST_CASE("validate and config read the file -f names, and -p overrides the name", "[session][config]") {
    FakeWorld world;
    RecordingReporter reporter;
    GlobalOptions global;
    global.files = {world.dir.write("other.yml", k_spec)};
    CHECK(validate(world.runtime(), global, false, reporter) == 0);
    ConfigOptions options;
    options.global = global;
    options.global.project_name = "renamed";
    CHECK(show_config(world.runtime(), options, reporter) == 0);
    CHECK_THAT(world.output(), Contains("name: renamed"));
}
