// dtx run / up --exit-code-from and --abort-on-container-exit on a fake engine: the runner starts
// once what it needs is ready, its output is shown, its exit code is the verb's, and everything is
// removed, also when another container exits first or the run is interrupted.
#include "fakes/fake_runtime.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/scripted_probe.hpp"
#include "session/run.hpp"
#include "session/up.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <functional>
#include <string>
#include <thread>

using namespace dtx::session;
using Catch::Matchers::Contains;
using Catch::Matchers::VectorContains;
using dtx::fakes::FakeWorld;
using dtx::fakes::RecordingReporter;
using dtx::fakes::ScriptedProbe;

namespace {

const char* const k_spec = R"(name: shop
services:
  cache:
    image: redis:7
    expose: ["6379"]
  tests:
    image: shop-tests
    depends_on: [cache]
    stop_grace_period: 5s
  other:
    image: redis:7
    expose: ["6380"]
)";

struct WatchWorld {
    FakeWorld world;
    RecordingReporter reporter;

    explicit WatchWorld(const char* spec = k_spec) {
        world.dir.write("compose.yaml", spec);
        world.engine->add_image("redis:7");
        world.engine->add_image("shop-tests");
    }

    Runtime runtime() {
        Runtime rt = world.runtime();
        rt.make_probe = [](const dtx::plan::ServicePlan&, const dtx::env::ServiceEndpoint&, const std::string&) {
            return std::make_unique<ScriptedProbe>(ScriptedProbe::ready_after(1));
        };
        return rt;
    }

    int run(RunOptions options) { return dtx::session::run(runtime(), options, reporter); }
    int up(UpOptions options) { return dtx::session::up(runtime(), options, reporter); }

    // The container of `service`, once created (its name holds the run id).
    std::string container_of(const std::string& service) const {
        for (const auto& call : world.engine->calls_starting("create ")) {
            if (call.ends_with("-" + service)) {
                return call.substr(7);
            }
        }
        return {};
    }
    // Index of the first call that starts with `prefix` and ends with `suffix`, or -1.
    int call_index(const std::string& prefix, const std::string& suffix) const {
        auto calls = world.engine->calls();
        for (std::size_t i = 0; i < calls.size(); ++i) {
            if (calls[i].starts_with(prefix) && calls[i].ends_with(suffix)) {
                return static_cast<int>(i);
            }
        }
        return -1;
    }
    int removed() const { return static_cast<int>(world.engine->calls_starting("remove dtx-").size()); }

    // Runs `action` on another thread once the runner has started, while the verb watches it.
    std::thread once_started(const std::string& service, std::function<void()> action) {
        return std::thread([this, service, action = std::move(action)] {
            while (call_index("start ", "-" + service) < 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            action();
        });
    }
};

RunOptions exit_code_from(const std::string& service) {
    RunOptions options;
    options.watch.exit_code_from = service;
    return options;
}

}  // namespace

TEST_CASE("run --exit-code-from starts the runner after what it needs, shows its output, returns its exit code",
          "[session][run][watch]") {
    WatchWorld w;
    w.world.engine->exit_on_start("tests", 3);
    w.world.engine->append_log("tests", "ran 4 tests\n1 failed\n");
    CHECK(w.run(exit_code_from("tests")) == 3);
    CHECK_THAT(w.world.output(), Contains("tests | ran 4 tests\ntests | 1 failed\n"));
    // Only the runner and what it needs; the runner once its dependency is ready, not just started.
    CHECK(w.container_of("other").empty());
    auto services = w.reporter.services();
    auto ready = std::find(services.begin(), services.end(), "cache ready scripted");
    auto runner_started = std::find_if(services.begin(), services.end(),
                                       [](const std::string& line) { return line.starts_with("tests started"); });
    REQUIRE(ready != services.end());
    REQUIRE(runner_started != services.end());
    CHECK(ready < runner_started);
    // Its own exit is the result, not a failed service on top of it.
    CHECK_THAT(w.reporter.notes(), VectorContains(std::string("tests exited with code 3")));
    CHECK(w.reporter.errors().empty());
    CHECK(w.removed() == 2);
}

TEST_CASE("run --exit-code-from returns 0 for a runner that passes, and a failed dependency still fails the run",
          "[session][run][watch]") {
    WatchWorld passed;
    passed.world.engine->exit_on_start("tests", 0);
    CHECK(passed.run(exit_code_from("tests")) == 0);

    WatchWorld crashed;
    auto crash = crashed.once_started("tests", [&] {
        crashed.world.engine->stop(crashed.container_of("cache"), 1);
        crashed.world.engine->stop(crashed.container_of("tests"), 0);
    });
    int code = crashed.run(exit_code_from("tests"));
    crash.join();
    CHECK(code == dtx::exit_code::k_service_failed);
    CHECK_THAT(crashed.reporter.errors().front(), Contains("cache exited with code 1"));
}

TEST_CASE("run --abort-on-container-exit ends the run at the first exit: the runner is stopped gracefully",
          "[session][run][watch]") {
    WatchWorld w;
    RunOptions options = exit_code_from("tests");
    options.watch.abort_on_container_exit = true;
    auto crash = w.once_started("tests", [&] { w.world.engine->stop(w.container_of("cache"), 1); });
    int code = w.run(options);
    crash.join();
    // Stopped with its stop signal (SIGTERM: 143) and its 5 s grace; that is the run's code.
    CHECK(w.call_index("stop ", "-tests 5s") >= 0);
    CHECK(code == 143);
    CHECK_THAT(w.reporter.notes(),
               VectorContains(std::string(
                   "cache exited (--abort-on-container-exit): tests: stopping it (SIGTERM, then SIGKILL after 5 s)")));
    CHECK(w.removed() == 2);

    WatchWorld alone;
    RunOptions abort_only;
    abort_only.watch.abort_on_container_exit = true;
    auto exit = alone.once_started("other", [&] { alone.world.engine->stop(alone.container_of("other"), 4); });
    code = alone.run(abort_only);
    exit.join();
    CHECK(code == 4);
    CHECK(alone.removed() == 3);
}

TEST_CASE("an interrupted run --exit-code-from stops the runner with its grace period and still tears down",
          "[session][run][watch]") {
    WatchWorld w;
    auto interrupt = w.once_started("tests", [&] { w.world.stop_signal = SIGINT; });
    CHECK_THROWS_AS(w.run(exit_code_from("tests")), dtx::Interrupted);
    interrupt.join();
    CHECK(w.call_index("stop ", "-tests 5s") >= 0);
    CHECK(w.removed() == 2);
}

TEST_CASE(
    "run and up --exit-code-from refuse a command, -d, an unknown service and a service that depends on the runner",
    "[session][run][up][watch]") {
    WatchWorld w;
    RunOptions with_command = exit_code_from("tests");
    with_command.command = {"true"};
    CHECK_THROWS_WITH(w.run(with_command), Contains("drop the command after -- or the flag"));
    CHECK_THROWS_WITH(w.run(exit_code_from("nope")), Contains("no service named \"nope\""));
    UpOptions detached;
    detached.detach = true;
    detached.watch.exit_code_from = "tests";
    CHECK_THROWS_WITH(w.up(detached), Contains("use one or the other"));

    WatchWorld cycle(R"(name: shop
services:
  tests:
    image: shop-tests
  report:
    image: shop-tests
    depends_on: [tests]
)");
    RunOptions both = exit_code_from("tests");
    both.services = {"report"};
    CHECK_THROWS_WITH(cycle.run(both), Contains("service report depends on tests") && Contains("starts last"));
    CHECK(w.world.connects() == 0);
    CHECK(cycle.world.connects() == 0);
}

TEST_CASE("up --exit-code-from follows the runner, returns its exit code and takes the environment down",
          "[session][up][watch]") {
    WatchWorld w;
    w.world.engine->exit_on_start("dtx-shop-tests", 5);
    w.world.engine->append_log("dtx-shop-tests", "FAIL\n");
    UpOptions options;
    options.watch.exit_code_from = "tests";
    CHECK(w.up(options) == 5);
    CHECK_THAT(w.world.output(), Contains("tests | FAIL"));
    CHECK(w.world.engine->has("remove dtx-shop-tests"));
    CHECK(w.world.engine->has("remove dtx-shop-cache"));
    CHECK_FALSE(w.world.engine->has("create dtx-shop-other"));
}
