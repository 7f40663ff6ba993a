// dtx down over an in-memory engine: what it asks the engine to delete, and what it keeps.
#include "session/down.hpp"

#include "fakes/fake_engine.hpp"
#include "fakes/fake_runtime.hpp"
#include "fakes/recording_reporter.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace dtx::session;
using dtx::fakes::FakeEngine;
using dtx::fakes::RecordingReporter;
using dtx::util::Errc;

using Catch::Matchers::VectorContains;

namespace {

const std::string k_anon(64, 'a');
const dtx::engine::Labels k_shop_labels = {
    {"dev.dtx.run", "shop"}, {"dev.dtx.project", "shop"}, {"dev.dtx.owner-pid", "0"}};

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

// The `dtx up` environment of project shop: one container, a named and an anonymous volume, its
// network; and, as if the engine ignored the label filter, a lookalike of each without dtx's labels.
void answer_shop(FakeEngine& engine) {
    engine.ignore_label_filters();
    engine.running("dtx-shop-db", k_shop_labels);  // c1
    engine.running("dtx-shop-decoy", {{"com.docker.compose.project", "shop"}});
    engine.add_volume("shop_data", k_shop_labels);
    engine.add_volume(k_anon, k_shop_labels);
    engine.fail("remove_volume", k_anon, {Errc::not_found, "no such volume"});  // went with c1
    engine.add_volume("shop_other");
    engine.add_network("dtx-shop", k_shop_labels);  // net-dtx-shop
    engine.add_network("dtx-shop-decoy");
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
    FakeEngine e;
    answer_shop(e);
    RecordingReporter reporter;
    CHECK(take_down(e, shop_target(false), reporter) == 0);
    auto sent = e.calls_starting("remove ");
    CHECK(sent ==
          std::vector<std::string>{"remove dtx-shop-db", "remove volume " + k_anon, "remove network net-dtx-shop"});
    CHECK_THAT(e.listings(), VectorContains(std::string("containers: dev.dtx.run=shop,dev.dtx.project=shop")));
    auto notes = reporter.notes();
    CHECK_THAT(notes, VectorContains(std::string("removed container dtx-shop-db (run shop)")));
    CHECK_THAT(notes, VectorContains(std::string("removed network dtx-shop (run shop)")));
    CHECK(any_contains(notes, "kept volume shop_data (run shop)"));
    CHECK(reporter.errors().empty());
}

TEST_CASE("down never deletes a resource without dtx's labels, even when the engine lists it", "[down]") {
    FakeEngine e;
    answer_shop(e);
    RecordingReporter reporter;
    CHECK(take_down(e, shop_target(true), reporter) == 0);
    auto sent = e.calls_starting("remove ");
    CHECK_FALSE(any_contains(sent, "decoy"));
    CHECK_FALSE(any_contains(sent, "shop_other"));
    CHECK(e.has_network("dtx-shop-decoy"));
    CHECK(e.has_volume("shop_other"));
}

TEST_CASE("down -v deletes named volumes too", "[down]") {
    FakeEngine e;
    answer_shop(e);
    RecordingReporter reporter;
    CHECK(take_down(e, shop_target(true), reporter) == 0);
    CHECK_THAT(e.calls_starting("remove "), VectorContains(std::string("remove volume shop_data")));
    CHECK_FALSE(e.has_volume("shop_data"));
    CHECK_FALSE(any_contains(reporter.notes(), "kept volume"));
}

TEST_CASE("down with nothing to remove says so, deletes nothing and succeeds", "[down]") {
    FakeEngine e;
    RecordingReporter reporter;
    CHECK(take_down(e, shop_target(false), reporter) == 0);
    CHECK(e.calls_starting("remove ").empty());
    CHECK(any_contains(reporter.notes(), "nothing to remove"));
}

TEST_CASE("down goes on after a failed removal, lists it and returns 125", "[down]") {
    FakeEngine e;
    answer_shop(e);
    e.fail("remove_container", "c1", {Errc::server, "removing container c1: driver failed"});
    RecordingReporter reporter;
    CHECK(take_down(e, shop_target(false), reporter) == dtx::exit_code::k_dtx_failure);
    CHECK_THAT(e.calls_starting("remove "), VectorContains(std::string("remove network net-dtx-shop")));
    auto errors = reporter.errors();
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0], Catch::StartsWith("could not remove container dtx-shop-db (run shop): ") &&
                              Catch::Contains("driver failed"));
    CHECK(errors[1] == "1 resource(s) of run shop could not be removed");
}

TEST_CASE("down fails with the engine's message when it cannot list the resources", "[down]") {
    FakeEngine e;
    answer_shop(e);
    for (const char* listing : {"list_containers", "list_volumes", "list_networks"}) {
        e.fail(listing, "", {Errc::unavailable, "the engine is not answering"});
    }
    RecordingReporter reporter;
    CHECK_THROWS_AS(take_down(e, shop_target(false), reporter), dtx::EngineError);
    CHECK_THROWS_WITH(take_down(e, shop_target(false), reporter),
                      Catch::StartsWith("down: listing the resources of run shop: ") &&
                          Catch::Contains("the engine is not answering"));
    CHECK(e.calls_starting("remove ").empty());
}
