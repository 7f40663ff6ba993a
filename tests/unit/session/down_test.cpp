// dtx down over canned Docker API answers: what it asks the engine to delete, and what it keeps.
#include "session/down.hpp"

#include "fakes/fake_runtime.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/transport_engine.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace dtx::session;
using dtx::fakes::RecordingReporter;
using dtx::fakes::TransportEngine;

namespace {

const std::string k_anon(64, 'a');
const std::string k_shop_labels = R"({"dev.dtx.run":"shop","dev.dtx.project":"shop","dev.dtx.owner-pid":"0"})";

std::vector<std::string> deletes(TransportEngine& e) {
    return e.transport().request_lines("DELETE");
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

// The `dtx up` environment of project shop: one container, a named and an anonymous volume, its
// network; and, as if the engine ignored the label filter, a lookalike of each without dtx's labels.
void answer_shop(TransportEngine& e) {
    auto& t = e.transport();
    t.on("GET /v1.41/containers/json", 200,
         R"([{"Id":"c1","Names":["/dtx-shop-db"],"State":"running","Labels":)" + k_shop_labels +
             R"(},{"Id":"decoy","Names":["/dtx-shop-decoy"],"State":"running",)"
             R"("Labels":{"com.docker.compose.project":"shop"}}])");
    t.on("GET /v1.41/volumes", 200,
         R"({"Volumes":[{"Name":"shop_data","Labels":)" + k_shop_labels + R"(},{"Name":")" + k_anon + R"(","Labels":)" +
             k_shop_labels + R"(},{"Name":"shop_other","Labels":null}]})");
    t.on("GET /v1.41/networks", 200,
         R"([{"Id":"n1","Name":"dtx-shop","Labels":)" + k_shop_labels +
             R"(},{"Id":"n2","Name":"dtx-shop-decoy","Labels":{}}])");
    t.on("DELETE /v1.41/containers/c1", 204);
    t.on("DELETE /v1.41/volumes/shop_data", 204);
    t.on("DELETE /v1.41/volumes/" + k_anon, 404, R"({"message":"no such volume"})");  // went with c1
    t.on("DELETE /v1.41/networks/n1", 204);
}

DownTarget shop_target(bool remove_volumes) {
    DownOptions options;
    options.global.project_name = "shop";
    options.remove_volumes = remove_volumes;
    RecordingReporter reporter;
    return down_target(dtx::fakes::FakeWorld().runtime(), options, reporter);
}

}  // namespace

TEST_CASE("down without a flag targets the project's up environment by run and project label", "[down]") {
    auto target = shop_target(false);
    CHECK(target.filter == std::vector<std::string>{"dev.dtx.run=shop", "dev.dtx.project=shop"});
    CHECK(target.what == "run shop");
    CHECK_FALSE(target.remove_volumes);
}

TEST_CASE("down --run targets that run whatever the project, and --all every run of the project", "[down]") {
    dtx::fakes::FakeWorld world;
    RecordingReporter reporter;
    DownOptions run;
    run.run_id = "shop-1a2b3c";
    run.global.project_name = "other";
    CHECK(down_target(world.runtime(), run, reporter).filter == std::vector<std::string>{"dev.dtx.run=shop-1a2b3c"});
    DownOptions all;
    all.all = true;
    all.global.project_name = "shop";
    CHECK(down_target(world.runtime(), all, reporter).filter == std::vector<std::string>{"dev.dtx.project=shop"});
}

TEST_CASE("down refuses a project name that no dtx resource can carry", "[down]") {
    dtx::fakes::FakeWorld world;
    RecordingReporter reporter;
    DownOptions options;
    options.global.project_name = "Shop";
    CHECK_THROWS_AS(down_target(world.runtime(), options, reporter), dtx::UsageError);
}

TEST_CASE("down deletes the labelled containers, then anonymous volumes, then networks, and keeps named volumes",
          "[down]") {
    TransportEngine e;
    answer_shop(e);
    RecordingReporter reporter;
    CHECK(take_down(e.engine(), shop_target(false), reporter) == 0);
    auto sent = deletes(e);
    CHECK(sent == std::vector<std::string>{"DELETE /v1.41/containers/c1?force=1&v=1",
                                           "DELETE /v1.41/volumes/" + k_anon + "?force=1",
                                           "DELETE /v1.41/networks/n1"});
    CHECK(contains(e.transport().request_lines(),
                   "GET /v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22dev.dtx.run%3Dshop%22%2C%22dev."
                   "dtx.project%3Dshop%22%5D%7D"));
    auto notes = reporter.notes();
    CHECK(contains(notes, "removed container dtx-shop-db (run shop)"));
    CHECK(contains(notes, "removed network dtx-shop (run shop)"));
    CHECK(any_contains(notes, "kept volume shop_data (run shop)"));
    CHECK(reporter.errors().empty());
}

TEST_CASE("down never deletes a resource without dtx's labels, even when the engine lists it", "[down]") {
    TransportEngine e;
    answer_shop(e);
    RecordingReporter reporter;
    CHECK(take_down(e.engine(), shop_target(true), reporter) == 0);
    auto sent = deletes(e);
    CHECK_FALSE(any_contains(sent, "decoy"));
    CHECK_FALSE(any_contains(sent, "shop_other"));
    CHECK_FALSE(any_contains(sent, "/networks/n2"));
}

TEST_CASE("down -v deletes named volumes too", "[down]") {
    TransportEngine e;
    answer_shop(e);
    RecordingReporter reporter;
    CHECK(take_down(e.engine(), shop_target(true), reporter) == 0);
    CHECK(contains(deletes(e), "DELETE /v1.41/volumes/shop_data?force=1"));
    CHECK_FALSE(any_contains(reporter.notes(), "kept volume"));
}

TEST_CASE("down with nothing to remove says so, deletes nothing and succeeds", "[down]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/containers/json", 200, "[]");
    e.transport().on("GET /v1.41/volumes", 200, R"({"Volumes":null})");
    e.transport().on("GET /v1.41/networks", 200, "[]");
    RecordingReporter reporter;
    CHECK(take_down(e.engine(), shop_target(false), reporter) == 0);
    CHECK(deletes(e).empty());
    CHECK(any_contains(reporter.notes(), "nothing to remove"));
}

TEST_CASE("down goes on after a failed removal, lists it and returns 125", "[down]") {
    TransportEngine e;
    answer_shop(e);
    e.transport().on("DELETE /v1.41/containers/c1", 500, R"({"message":"driver failed"})");
    RecordingReporter reporter;
    CHECK(take_down(e.engine(), shop_target(false), reporter) == dtx::exit_code::k_dtx_failure);
    CHECK(contains(deletes(e), "DELETE /v1.41/networks/n1"));
    auto errors = reporter.errors();
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0], Catch::StartsWith("could not remove container dtx-shop-db (run shop): ") &&
                              Catch::Contains("driver failed"));
    CHECK(errors[1] == "1 resource(s) of run shop could not be removed");
}

TEST_CASE("down fails with the engine's message when it cannot list the resources", "[down]") {
    TransportEngine e;  // no answers: every listing fails
    RecordingReporter reporter;
    CHECK_THROWS_AS(take_down(e.engine(), shop_target(false), reporter), dtx::EngineError);
    CHECK(deletes(e).empty());
}
