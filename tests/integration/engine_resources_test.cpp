// Networks and volumes on the real engine: every operation once, labels and subnets as asked.
#include "support/run_binary.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using dtx::test::shared_engine;
using dtx::test::unique_project;

namespace {

// Removes what a test created even when it fails half-way.
struct Cleanup {
    std::vector<std::string> networks;
    std::vector<std::string> volumes;
    ~Cleanup() {
        for (const auto& n : networks) {
            (void)shared_engine().remove_network(n);
        }
        for (const auto& v : volumes) {
            (void)shared_engine().remove_volume(v, true);
        }
    }
};

}  // namespace

TEST_CASE("a network is created with labels and a chosen subnet, inspected, listed and removed", "[docker]") {
    auto& engine = shared_engine();
    Cleanup cleanup;
    std::string name = unique_project("dtx-net");
    std::string label = "dev.dtx.test=" + name;
    // A /28 in a range docker's default pools do not hand out; the pid keeps parallel runs apart.
    std::string subnet = "10.213." + std::to_string(getpid() % 250) + ".0/28";
    auto id = engine.create_network({name, {{"dev.dtx.test", name}}, subnet, "", false});
    REQUIRE(id.ok());
    cleanup.networks.push_back(*id);

    auto info = engine.inspect_network(name);
    REQUIRE(info.ok());
    CHECK(info->id == *id);
    CHECK(info->driver == "bridge");
    CHECK(info->labels.at("dev.dtx.test") == name);
    CHECK(info->subnets == std::vector<std::string>{subnet});

    auto listed = engine.list_networks({label});
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().name == name);

    REQUIRE(engine.remove_network(*id).ok());
    cleanup.networks.clear();
    auto gone = engine.inspect_network(name);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().code == dtx::util::Errc::not_found);
    CHECK(engine.list_networks({label})->empty());
}

TEST_CASE("creating a second network with the same name is a conflict", "[docker]") {
    auto& engine = shared_engine();
    Cleanup cleanup;
    std::string name = unique_project("dtx-dup");
    auto first = engine.create_network({name, {}, "", "", false});
    REQUIRE(first.ok());
    cleanup.networks.push_back(*first);
    auto second = engine.create_network({name, {}, "", "", false});
    if (second.ok()) {
        cleanup.networks.push_back(*second);  // engines before CheckDuplicate was honoured
    }
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == dtx::util::Errc::conflict);
    CHECK_THAT(second.error().message, Catch::Contains(name));
}

TEST_CASE("a volume is created with labels, listed by label and removed", "[docker]") {
    auto& engine = shared_engine();
    Cleanup cleanup;
    std::string name = unique_project("dtx-vol");
    auto created = engine.create_volume({name, {{"dev.dtx.test", name}}});
    REQUIRE(created.ok());
    CHECK(*created == name);
    cleanup.volumes.push_back(name);

    auto listed = engine.list_volumes({"dev.dtx.test=" + name});
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().name == name);
    CHECK(listed->front().driver == "local");
    CHECK(listed->front().labels.at("dev.dtx.test") == name);
    CHECK_FALSE(listed->front().mountpoint.empty());

    REQUIRE(engine.remove_volume(name, false).ok());
    cleanup.volumes.clear();
    CHECK(engine.list_volumes({"dev.dtx.test=" + name})->empty());
    auto again = engine.remove_volume(name, false);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == dtx::util::Errc::not_found);
}

TEST_CASE("ping and version answer on the real engine", "[docker]") {
    auto& engine = shared_engine();
    REQUIRE(engine.ping().ok());
    auto version = engine.version();
    REQUIRE(version.ok());
    CHECK_FALSE(version->version.empty());
    CHECK(dtx::engine::compare_api_versions(engine.api_version(), dtx::engine::k_min_api_version) >= 0);
    CHECK(dtx::engine::compare_api_versions(engine.api_version(), dtx::engine::k_max_api_version) <= 0);
}

TEST_CASE("one engine serves concurrent requests from many threads", "[docker]") {
    auto& engine = shared_engine();
    std::string stem = unique_project("dtx-par");
    constexpr int k_threads = 12;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < k_threads; ++i) {
        threads.emplace_back([&, i] {
            std::string name = stem + "-" + std::to_string(i);
            bool ok = engine.create_volume({name, {{"dev.dtx.test", stem}}}).ok() && engine.ping().ok() &&
                      engine.list_volumes({"dev.dtx.test=" + stem}).ok() && engine.remove_volume(name, false).ok();
            if (!ok) {
                ++failures;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(failures == 0);
    auto left = engine.list_volumes({"dev.dtx.test=" + stem});
    REQUIRE(left.ok());
    for (const auto& v : *left) {
        (void)engine.remove_volume(v.name, true);
    }
    CHECK(left->empty());
}
