// dtx up through the runtime, on a fake engine: the lasting environment under the project's name,
// kept when unchanged, recreated where the spec changed, left in place when starting fails.
#include "session/up.hpp"

#include "fakes/fake_runtime.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/scripted_probe.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace dtx::session;
using Catch::Matchers::Contains;
using dtx::fakes::FakeWorld;
using dtx::fakes::RecordingReporter;
using dtx::fakes::ScriptedProbe;

namespace {

const char* const k_spec = R"(name: shopup
services:
  cache:
    image: redis:7
    expose: ["6379"]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: pw
)";

struct UpWorld {
    FakeWorld world;
    RecordingReporter reporter;
    bool ready = true;

    UpWorld() {
        world.dir.write("compose.yaml", k_spec);
        world.engine->add_image("redis:7");
        world.engine->add_image("redis:6");
        world.engine->add_image("postgres:16");
    }

    int up(UpOptions options = {}) {
        options.detach = true;
        Runtime rt = world.runtime();
        rt.make_probe = [this](const dtx::plan::ServicePlan&, const dtx::env::ServiceEndpoint&, const std::string&) {
            return std::make_unique<ScriptedProbe>(ready ? ScriptedProbe::ready_after(0)
                                                         : ScriptedProbe::never("not accepting connections"));
        };
        return dtx::session::up(rt, options, reporter);
    }

    int count(const std::string& prefix) const { return static_cast<int>(world.engine->calls_starting(prefix).size()); }
};

}  // namespace

TEST_CASE("up -d creates the environment under the project's name and leaves it running", "[session][up]") {
    UpWorld w;
    CHECK(w.up() == 0);
    CHECK(w.world.engine->has("create dtx-shopup-cache"));
    CHECK(w.world.engine->has("create dtx-shopup-db"));
    CHECK(w.count("remove") == 0);
    REQUIRE_FALSE(w.reporter.notes().empty());
    CHECK_THAT(w.reporter.notes().back(), Contains("shopup is up: 2 service(s)") && Contains("dtx down removes it"));
}

TEST_CASE("a second up keeps unchanged containers, and --force-recreate recreates them", "[session][up]") {
    UpWorld w;
    REQUIRE(w.up() == 0);
    REQUIRE(w.count("create ") == 2);
    CHECK(w.up() == 0);
    CHECK(w.count("create ") == 2);
    CHECK(w.count("remove ") == 0);

    UpOptions force;
    force.force_recreate = true;
    CHECK(w.up(force) == 0);
    CHECK(w.count("remove dtx-shopup-") == 2);
    CHECK(w.count("create ") == 4);
}

TEST_CASE("up recreates only the service whose definition changed", "[session][up]") {
    UpWorld w;
    REQUIRE(w.up() == 0);
    std::string changed = k_spec;
    changed.replace(changed.find("redis:7"), 7, "redis:6");
    w.world.dir.write("compose.yaml", changed);
    CHECK(w.up() == 0);
    CHECK(w.count("remove dtx-shopup-cache") == 1);
    CHECK(w.count("remove dtx-shopup-db") == 0);
    auto notes = w.reporter.notes();
    CHECK(std::find(notes.begin(), notes.end(), "cache: recreating (definition changed)") != notes.end());
}

TEST_CASE("up whose service never gets ready leaves everything in place and says how to remove it", "[session][up]") {
    UpWorld w;
    w.ready = false;
    UpOptions options;
    options.timeout = std::chrono::milliseconds(1000);  // on the fake clock
    CHECK_THROWS_AS(w.up(options), dtx::ReadinessError);
    CHECK(w.count("remove") == 0);
    auto warnings = w.reporter.warnings();
    REQUIRE_FALSE(warnings.empty());
    CHECK_THAT(warnings.back(), Contains("shopup stays as it is") && Contains("dtx down removes it"));
}

TEST_CASE("up without an engine is an engine error", "[session][up]") {
    UpWorld w;
    w.world.engine_down = true;
    CHECK_THROWS_AS(w.up(), dtx::EngineError);
}
