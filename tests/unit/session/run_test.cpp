// dtx run through the runtime, on a fake engine: the services started and ready, the command run
// with their variables, its exit code returned, and everything removed whatever happens.
#include "session/run.hpp"

#include "fakes/fake_runtime.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/scripted_probe.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <sstream>
#include <string>

using namespace dtx::session;
using Catch::Matchers::Contains;
using dtx::fakes::FakeWorld;
using dtx::fakes::RecordingReporter;
using dtx::fakes::ScriptedProbe;

namespace {

const char* const k_spec = R"(name: shop
services:
  cache:
    image: redis:7
    expose: ["6379"]
  api:
    image: shop-api
    depends_on: [cache]
)";

// A world with the spec above whose services are ready at their first check.
struct RunWorld {
    FakeWorld world;
    RecordingReporter reporter;

    RunWorld() {
        world.dir.write("compose.yaml", k_spec);
        world.engine->add_image("redis:7");
        world.engine->publish("shop-api");  // pulled on first use
    }

    Runtime runtime() {
        Runtime rt = world.runtime();
        rt.make_probe = [](const dtx::plan::ServicePlan&, const dtx::env::ServiceEndpoint&, const std::string&) {
            return std::make_unique<ScriptedProbe>(ScriptedProbe::ready_after(0));
        };
        return rt;
    }

    int run(const std::vector<std::string>& command, RunOptions options = {}) {
        options.command = command;
        return dtx::session::run(runtime(), options, reporter);
    }

    int created() const { return static_cast<int>(world.engine->calls_starting("create ").size()); }
    int removed() const { return static_cast<int>(world.engine->calls_starting("remove dtx-").size()); }
};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("run starts the services, runs the command with their variables, returns its code, removes all",
          "[session][run]") {
    RunWorld w;
    std::string env_file = w.world.dir.path() + "/env.txt";
    CHECK(w.run({"sh", "-c", "env > " + env_file + "; exit 3"}) == 3);
    std::string env = read_file(env_file);
    CHECK_THAT(env, Contains("DTX_CACHE_HOST=127.0.0.1"));
    CHECK_THAT(env, Contains("REDIS_URL=redis://127.0.0.1:"));
    CHECK_THAT(env, Contains("DTX_RUN_ID=shop-"));
    CHECK(w.created() == 2);
    CHECK(w.removed() == 2);
    CHECK(w.world.engine->calls_starting("remove network dtx-shop-").size() == 1);
    CHECK(w.world.output().empty());  // stdout belongs to the command
}

TEST_CASE("run --keep leaves the services in place; --keep-on-failure only when the command failed", "[session][run]") {
    RunWorld kept;
    RunOptions keep;
    keep.keep = true;
    CHECK(kept.run({"true"}, keep) == 0);
    CHECK(kept.created() == 2);
    CHECK(kept.removed() == 0);

    RunWorld passed;
    RunOptions on_failure;
    on_failure.keep_on_failure = true;
    CHECK(passed.run({"true"}, on_failure) == 0);
    CHECK(passed.removed() == 2);

    RunWorld failed;
    CHECK(failed.run({"false"}, on_failure) == 1);
    CHECK(failed.removed() == 0);
}

TEST_CASE("run of SERVICE... starts only it and what it depends on", "[session][run]") {
    RunWorld w;
    RunOptions options;
    options.services = {"cache"};
    CHECK(w.run({"true"}, options) == 0);
    CHECK(w.created() == 1);
}

TEST_CASE("run without a command, or with one that does not exist, fails before anything is created",
          "[session][run]") {
    RunWorld w;
    CHECK_THROWS_AS(w.run({}), dtx::UsageError);
    CHECK_THROWS_AS(w.run({"no-such-command-dtx-test"}), dtx::CommandError);
    CHECK(w.world.connects() == 0);
}

TEST_CASE("run without an engine is an engine error and runs nothing", "[session][run]") {
    RunWorld w;
    w.world.engine_down = true;
    std::string marker = w.world.dir.path() + "/ran";
    CHECK_THROWS_AS(w.run({"touch", marker}), dtx::EngineError);
    CHECK_FALSE(std::ifstream(marker).good());
}

TEST_CASE("run stopped by a signal before it starts creates nothing and ends as interrupted", "[session][run]") {
    RunWorld w;
    w.world.stop_signal = SIGTERM;
    try {
        w.run({"true"});
        FAIL("no Interrupted");
    } catch (const dtx::Interrupted& e) {
        CHECK(e.exit_code() == 128 + SIGTERM);
    }
    CHECK(w.created() == 0);
}

TEST_CASE("run whose service never gets ready fails with the service's reason and removes everything",
          "[session][run]") {
    RunWorld w;
    Runtime rt = w.runtime();
    rt.make_probe = [](const dtx::plan::ServicePlan&, const dtx::env::ServiceEndpoint&, const std::string&) {
        return std::make_unique<ScriptedProbe>(ScriptedProbe::never("port 6379 closed"));
    };
    RunOptions options;
    options.command = {"true"};
    options.timeout = std::chrono::milliseconds(2000);  // on the fake clock: no real wait
    CHECK_THROWS_WITH(dtx::session::run(rt, options, w.reporter),
                      Contains("not ready after 2s") && Contains("port 6379 closed"));
    // api needs cache only started (short depends_on): whether it was created before the failure
    // cancelled the rest is a race, but whatever was created is removed.
    CHECK(w.created() >= 1);
    CHECK(w.removed() == w.created());
}

TEST_CASE("run --dry-run prints the plan and the command on the runtime's output, creating nothing", "[session][run]") {
    RunWorld w;
    RunOptions options;
    options.dry_run = true;
    CHECK(w.run({"ctest"}, options) == 0);
    std::string out = w.world.output();
    CHECK_THAT(out, Contains("run shop-XXXXXX (project shop)"));
    CHECK_THAT(out, Contains("service cache:"));
    CHECK_THAT(out, Contains("then: ctest"));
    CHECK(w.created() == 0);

    RunWorld offline;
    offline.world.engine_down = true;
    CHECK(offline.run({"ctest"}, options) == 0);
    CHECK_THAT(offline.world.output(), Contains("no engine answered"));
}
