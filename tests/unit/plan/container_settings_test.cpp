#include "plan/container_settings.hpp"

#include <catch2/catch.hpp>

using namespace dtx::plan;
using dtx::engine::ContainerConfig;
using dtx::engine::Mount;

namespace {

dtx::compose::Project project_with_volumes() {
    dtx::compose::Project p;
    p.name = "shop";
    p.volumes["cache"] = {"shop_cache", false};
    p.volumes["shared"] = {"team-shared", true};
    return p;
}

const dtx::engine::Labels k_run_labels = {{"dev.dtx.run", "shop-1a2b"}};

ContainerConfig apply(const dtx::compose::Service& svc) {
    ContainerConfig c;
    c.labels = {{"dev.dtx.service", "box"}};
    c.aliases = {"box"};
    apply_service_settings(project_with_volumes(), svc, "shop-1a2b", k_run_labels, c);
    return c;
}

}  // namespace

TEST_CASE("process settings reach the container as written", "[session]") {
    dtx::compose::Service s;
    s.image = "dtx-test/base:bookworm";
    s.command = std::vector<std::string>{"sleep", "300"};
    s.entrypoint = std::vector<std::string>{};
    s.environment = {{"A", "1"}, {"GONE", std::nullopt}};
    s.user = "65534:65534";
    s.working_dir = "/tmp";
    s.hostname = "boxhost";
    s.extra_hosts = {"db.example:10.1.2.3"};
    s.init = true;
    s.stop_signal = "SIGUSR1";
    s.stop_grace_period = std::chrono::milliseconds(1500);
    s.cap_add = {"SYS_PTRACE"};
    s.cap_drop = {"NET_RAW"};
    auto c = apply(s);
    CHECK(c.image == "dtx-test/base:bookworm");
    CHECK(c.cmd == std::vector<std::string>{"sleep", "300"});
    REQUIRE(c.entrypoint.has_value());
    CHECK(c.entrypoint->empty());  // an empty entrypoint resets the image's
    CHECK(c.env == std::vector<std::string>{"A=1", "GONE"});
    CHECK(c.user == "65534:65534");
    CHECK(c.working_dir == "/tmp");
    CHECK(c.hostname == "boxhost");
    CHECK(c.extra_hosts == std::vector<std::string>{"db.example:10.1.2.3"});
    CHECK(c.init == true);
    CHECK(c.stop_signal == "SIGUSR1");
    CHECK(c.stop_timeout == 2);  // whole seconds, rounded up: the engine's unit
    CHECK(c.cap_add == std::vector<std::string>{"SYS_PTRACE"});
    CHECK(c.cap_drop == std::vector<std::string>{"NET_RAW"});
}

TEST_CASE("an unset command and entrypoint keep the image's", "[session]") {
    auto c = apply(dtx::compose::Service{});
    CHECK_FALSE(c.cmd.has_value());
    CHECK_FALSE(c.entrypoint.has_value());
    CHECK_FALSE(c.init.has_value());
    CHECK_FALSE(c.healthcheck.has_value());
}

TEST_CASE("the service's labels are added, and never replace dtx's own", "[session]") {
    dtx::compose::Service s;
    s.labels = {{"com.example.team", "storage"}, {"dev.dtx.service", "spoofed"}};
    auto c = apply(s);
    CHECK(c.labels.at("com.example.team") == "storage");
    CHECK(c.labels.at("dev.dtx.service") == "box");
}

TEST_CASE("limits and reservations become engine resources", "[session]") {
    dtx::compose::Service s;
    s.limits.memory = 256 * 1024 * 1024;
    s.limits.cpus = 0.5;
    s.limits.pids = 64;
    s.reservations.memory = 64 * 1024 * 1024;
    s.shm_size = 32 * 1024 * 1024;
    s.ulimits["nofile"] = {1024, 2048};
    auto c = apply(s);
    CHECK(c.memory == 268435456);
    CHECK(c.nano_cpus == 500000000);
    CHECK(c.pids_limit == 64);
    CHECK(c.memory_reservation == 67108864);
    CHECK(c.shm_size == 33554432);
    REQUIRE(c.ulimits.size() == 1);
    CHECK(c.ulimits[0].name == "nofile");
    CHECK(c.ulimits[0].soft == 1024);
    CHECK(c.ulimits[0].hard == 2048);
}

TEST_CASE("tmpfs entries carry size, octal mode and flags", "[session]") {
    dtx::compose::Service s;
    s.tmpfs.push_back({"/scratch", 8 * 1024 * 1024, 01770, {"noexec"}});
    s.tmpfs.push_back({"/run", std::nullopt, std::nullopt, {}});
    auto c = apply(s);
    CHECK(c.tmpfs.at("/scratch") == "size=8388608,mode=1770,noexec");
    CHECK(c.tmpfs.at("/run").empty());
}

TEST_CASE("a named volume is the run's own, labelled with the run; an external one keeps its name", "[session]") {
    dtx::compose::Service s;
    s.volumes.push_back({"volume", "cache", "/cache", false, {}, "", "", true, {}});
    s.volumes.push_back({"volume", "shared", "/shared", true, {}, "", "", false, {}});
    s.volumes.push_back({"volume", "", "/anon", false, {}, "", "", false, {}});
    auto c = apply(s);
    REQUIRE(c.mounts.size() == 3);
    CHECK(c.mounts[0].type == Mount::Type::volume);
    CHECK(c.mounts[0].source == "shop-1a2b_cache");
    CHECK(c.mounts[0].volume_labels == k_run_labels);
    CHECK(c.mounts[0].no_copy);
    CHECK(c.mounts[1].source == "team-shared");
    CHECK(c.mounts[1].read_only);
    CHECK(c.mounts[1].volume_labels.empty());
    CHECK(c.mounts[2].source.empty());
    CHECK(c.mounts[2].volume_labels == k_run_labels);  // teardown finds anonymous volumes by label
}

TEST_CASE("a bind keeps its options; a tmpfs volume its size", "[session]") {
    dtx::compose::Service s;
    s.volumes.push_back({"bind", "/srv/data", "/data", true, {}, "z", "rshared", false, {}});
    s.volumes.push_back({"tmpfs", "", "/t", false, 1024, "", "", false, {}});
    auto c = apply(s);
    REQUIRE(c.mounts.size() == 2);
    CHECK(c.mounts[0].type == Mount::Type::bind);
    CHECK(c.mounts[0].source == "/srv/data");
    CHECK(c.mounts[0].read_only);
    CHECK(c.mounts[0].selinux == "z");
    CHECK(c.mounts[0].propagation == "rshared");
    CHECK(c.mounts[1].type == Mount::Type::tmpfs);
    CHECK(c.mounts[1].tmpfs_size == 1024);
}

TEST_CASE("a healthcheck converts to nanoseconds; disable means NONE", "[session]") {
    using std::chrono::milliseconds;
    dtx::compose::Service s;
    s.healthcheck = dtx::compose::Healthcheck{
        {"CMD", "true"}, milliseconds(2000), milliseconds(1000), milliseconds(1000), milliseconds(500), 3, false};
    auto c = apply(s);
    REQUIRE(c.healthcheck.has_value());
    CHECK(c.healthcheck->test == std::vector<std::string>{"CMD", "true"});
    CHECK(c.healthcheck->interval.count() == 2'000'000'000);
    CHECK(c.healthcheck->timeout.count() == 1'000'000'000);
    CHECK(c.healthcheck->start_period.count() == 1'000'000'000);
    CHECK(c.healthcheck->start_interval.count() == 500'000'000);
    CHECK(c.healthcheck->retries == 3);

    s.healthcheck = dtx::compose::Healthcheck{};
    s.healthcheck->disable = true;
    CHECK(apply(s).healthcheck->test == std::vector<std::string>{"NONE"});
}

TEST_CASE("network aliases join the service name, once each", "[session]") {
    dtx::compose::Service s;
    s.networks["default"].aliases = {"boxalias", "box"};
    s.networks["back"].aliases = {"boxalias", "other"};
    auto c = apply(s);
    CHECK(c.aliases == std::vector<std::string>{"box", "boxalias", "other"});
}

TEST_CASE("the run's volume names: the run's own unless external", "[session]") {
    auto p = project_with_volumes();
    CHECK(run_volume_name(p, "shop-1a2b", "cache") == "shop-1a2b_cache");
    CHECK(run_volume_name(p, "shop-1a2b", "shared") == "team-shared");
}
