#include "start/service_exits.hpp"

#include "fakes/fake_engine.hpp"
#include "fakes/recording_reporter.hpp"

#include <catch2/catch.hpp>

using namespace dtx::env;
using namespace dtx::start;
using dtx::fakes::FakeEngine;
using dtx::fakes::RecordingReporter;

namespace {

struct Fixture {
    FakeEngine engine;
    RecordingReporter reporter;
    dtx::compose::Project project;
    std::vector<ServiceEndpoint> endpoints;

    // A started service `name`; `exit` (when set) is the code its container has stopped with.
    void add(const std::string& name, std::optional<int> exit, bool allow_failure = false) {
        dtx::compose::Service s;
        s.name = name;
        s.dtx.allow_failure = allow_failure;
        project.services.push_back(s);
        dtx::engine::ContainerConfig spec;
        spec.name = "dtx-r-" + name;
        auto id = engine.create_container(spec);
        REQUIRE(id);
        REQUIRE(engine.start_container(id.value()));
        if (exit) {
            engine.stop(spec.name, *exit);
        }
        ServiceEndpoint e;
        e.service = name;
        e.container_id = id.value();
        endpoints.push_back(e);
    }
};

}  // namespace

TEST_CASE("services that exited non-zero are reported with their logs; running, exit 0 and allowed ones are not",
          "[session]") {
    Fixture f;
    f.add("db", std::nullopt);
    f.add("runner", 3);
    f.add("seed", 0);
    f.add("flaky", 5, true);
    f.engine.oom_kill("dtx-r-db");
    auto failed = report_failed_services(f.engine, f.project, f.endpoints, f.reporter);
    REQUIRE(failed.size() == 2);
    CHECK(failed[0].service == "db");
    CHECK(failed[0].oom_killed);
    CHECK(failed[1].service == "runner");
    CHECK(failed[1].exit_code == 3);
    auto errors = f.reporter.errors();
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[1], Catch::StartsWith("runner exited with code 3 during the run"));
    CHECK(f.reporter.logs().size() == 2);
}

TEST_CASE("a service whose container is gone is not counted as failed", "[session]") {
    Fixture f;
    f.add("runner", 3);
    REQUIRE(f.engine.remove_container(f.endpoints[0].container_id));
    CHECK(report_failed_services(f.engine, f.project, f.endpoints, f.reporter).empty());
}
