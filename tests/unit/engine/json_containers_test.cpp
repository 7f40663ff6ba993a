// The Docker API JSON of containers, exec, wait and events, without a transport.
#include "engine/json_containers.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dtx::engine;
using namespace std::chrono_literals;
using dtx::util::Errc;
using Json = nlohmann::json;
namespace mapping = dtx::engine::json;

namespace {

Mount bind(std::string source, std::string target, bool read_only, bool create) {
    Mount m;
    m.type = Mount::Type::bind;
    m.source = std::move(source);
    m.target = std::move(target);
    m.read_only = read_only;
    m.create_host_path = create;
    return m;
}

Mount volume(std::string name, std::string target, Labels labels) {
    Mount m;
    m.type = Mount::Type::volume;
    m.source = std::move(name);
    m.target = std::move(target);
    m.volume_labels = std::move(labels);
    return m;
}

Mount tmpfs(std::string target, std::int64_t size, std::uint32_t mode) {
    Mount m;
    m.type = Mount::Type::tmpfs;
    m.target = std::move(target);
    m.tmpfs_size = size;
    m.tmpfs_mode = mode;
    return m;
}

ContainerConfig full_spec() {
    ContainerConfig spec;
    spec.name = "dtx-r1-db";
    spec.image = "postgres:16";
    spec.env = {"A=1"};
    spec.cmd = std::vector<std::string>{"postgres"};
    spec.entrypoint = std::vector<std::string>{"docker-entrypoint.sh"};
    spec.user = "999:999";
    spec.working_dir = "/work";
    spec.hostname = "db";
    spec.labels = {{"dev.dtx.run", "r1"}};
    spec.ports = {PortConfig{5432, "tcp", "127.0.0.1", 0}};
    spec.expose = {"8080", "53/udp"};
    spec.network = "dtx-r1";
    spec.aliases = {"db", "postgres"};
    spec.mounts = {bind("/src", "/app", true, true), bind("/etc/ssl", "/ssl", false, false),
                   volume("data", "/var/lib/postgresql/data", {{"dev.dtx.run", "r1"}}), volume("", "/cache", {}),
                   tmpfs("/tmp", 64 << 20, 01777)};
    spec.memory = 512 << 20;
    spec.memory_reservation = 256 << 20;
    spec.nano_cpus = 1'500'000'000;
    spec.pids_limit = 100;
    spec.shm_size = 128 << 20;
    spec.ulimits = {Ulimit{"nofile", 1024, 2048}};
    spec.cap_add = {"NET_ADMIN"};
    spec.cap_drop = {"MKNOD"};
    spec.init = true;
    spec.extra_hosts = {"host.docker.internal:host-gateway"};
    spec.stop_signal = "SIGINT";
    spec.stop_timeout = 20;
    spec.healthcheck = HealthcheckConfig{{"CMD-SHELL", "pg_isready"}, 2s, 1s, 10s, 500ms, 5};
    spec.tty = true;
    spec.open_stdin = true;
    return spec;
}

}  // namespace

TEST_CASE("the create body carries the container's config fields", "[engine]") {
    auto body = Json::parse(mapping::container_create_body(full_spec()));
    CHECK(body["Image"] == "postgres:16");
    CHECK(body["Env"] == Json({"A=1"}));
    CHECK(body["Cmd"] == Json({"postgres"}));
    CHECK(body["Entrypoint"] == Json({"docker-entrypoint.sh"}));
    CHECK(body["User"] == "999:999");
    CHECK(body["WorkingDir"] == "/work");
    CHECK(body["Hostname"] == "db");
    CHECK(body["Labels"] == Json({{"dev.dtx.run", "r1"}}));
    CHECK(body["StopSignal"] == "SIGINT");
    CHECK(body["StopTimeout"] == 20);
    CHECK(body["Tty"] == true);
    CHECK(body["OpenStdin"] == true);
}

TEST_CASE("the create body exposes published ports and exposed-only ports, tcp by default", "[engine]") {
    auto body = Json::parse(mapping::container_create_body(full_spec()));
    CHECK(body["ExposedPorts"] ==
          Json({{"5432/tcp", Json::object()}, {"8080/tcp", Json::object()}, {"53/udp", Json::object()}}));
    CHECK(body["HostConfig"]["PortBindings"] ==
          Json({{"5432/tcp", Json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}})}}));
}

TEST_CASE("the create body carries resources, ulimits, capabilities, init and extra hosts", "[engine]") {
    auto host = Json::parse(mapping::container_create_body(full_spec()))["HostConfig"];
    CHECK(host["Memory"] == 512 << 20);
    CHECK(host["MemoryReservation"] == 256 << 20);
    CHECK(host["NanoCpus"] == 1'500'000'000);
    CHECK(host["PidsLimit"] == 100);
    CHECK(host["ShmSize"] == 128 << 20);
    CHECK(host["Ulimits"] == Json::array({{{"Name", "nofile"}, {"Soft", 1024}, {"Hard", 2048}}}));
    CHECK(host["CapAdd"] == Json({"NET_ADMIN"}));
    CHECK(host["CapDrop"] == Json({"MKNOD"}));
    CHECK(host["Init"] == true);
    CHECK(host["ExtraHosts"] == Json({"host.docker.internal:host-gateway"}));
    CHECK(host["NetworkMode"] == "dtx-r1");
}

TEST_CASE("the create body shares namespaces and volumes with another container instead of joining the network",
          "[engine]") {
    ContainerConfig spec = full_spec();
    spec.network_mode = "container:dtx-r1-web";
    spec.ipc_mode = "container:dtx-r1-db";
    spec.pid_mode = "host";
    spec.volumes_from = {"dtx-r1-db:ro"};
    auto body = Json::parse(mapping::container_create_body(spec));
    const auto& host = body["HostConfig"];
    CHECK(host["NetworkMode"] == "container:dtx-r1-web");
    CHECK_FALSE(body.contains("NetworkingConfig"));
    CHECK(host["IpcMode"] == "container:dtx-r1-db");
    CHECK(host["PidMode"] == "host");
    CHECK(host["VolumesFrom"] == Json({"dtx-r1-db:ro"}));
}

TEST_CASE("the create body leaves unset settings to the engine", "[engine]") {
    ContainerConfig spec;
    spec.image = "busybox";
    auto body = Json::parse(mapping::container_create_body(spec));
    for (const char* key :
         {"Cmd", "Entrypoint", "User", "WorkingDir", "Hostname", "StopSignal", "StopTimeout", "Healthcheck"}) {
        CHECK_FALSE(body.contains(key));
    }
    for (const char* key :
         {"Binds", "Mounts", "Memory", "MemoryReservation", "NanoCpus", "PidsLimit", "ShmSize", "Ulimits", "CapAdd",
          "CapDrop", "Init", "ExtraHosts", "IpcMode", "PidMode", "VolumesFrom"}) {
        CHECK_FALSE(body["HostConfig"].contains(key));
    }
}

TEST_CASE("init false is sent when it was set, to override the engine's default", "[engine]") {
    ContainerConfig spec;
    spec.init = false;
    CHECK(Json::parse(mapping::container_create_body(spec))["HostConfig"]["Init"] == false);
}

TEST_CASE("an empty entrypoint list is sent as one empty string, which removes the image's", "[engine]") {
    ContainerConfig spec;
    spec.entrypoint = std::vector<std::string>{};
    CHECK(Json::parse(mapping::container_create_body(spec))["Entrypoint"] == Json({""}));
}

TEST_CASE("binds that may create their source are Binds, the others bind Mounts", "[engine]") {
    auto host = Json::parse(mapping::container_create_body(full_spec()))["HostConfig"];
    CHECK(host["Binds"] == Json({"/src:/app:ro"}));
    const auto& mounts = host["Mounts"];
    REQUIRE(mounts.size() == 4);
    CHECK(mounts[0] == Json({{"Type", "bind"}, {"Source", "/etc/ssl"}, {"Target", "/ssl"}, {"ReadOnly", false}}));
}

TEST_CASE("bind options join ro, selinux relabelling and propagation; Mounts take propagation", "[engine]") {
    ContainerConfig spec;
    Mount relabelled = bind("/src", "/app", true, true);
    relabelled.selinux = "z";
    relabelled.propagation = "rshared";
    Mount plain = bind("/a", "/b", false, true);
    Mount strict = bind("/etc/ssl", "/ssl", false, false);
    strict.propagation = "rslave";
    spec.mounts = {relabelled, plain, strict};
    auto host = Json::parse(mapping::container_create_body(spec))["HostConfig"];
    CHECK(host["Binds"] == Json({"/src:/app:ro,z,rshared", "/a:/b"}));
    CHECK(host["Mounts"][0]["BindOptions"] == Json({{"Propagation", "rslave"}}));
}

TEST_CASE("a volume asked not to copy the image's content says NoCopy", "[engine]") {
    ContainerConfig spec;
    Mount v = volume("data", "/data", {});
    v.no_copy = true;
    spec.mounts = {v};
    auto mount = Json::parse(mapping::container_create_body(spec))["HostConfig"]["Mounts"][0];
    CHECK(mount["VolumeOptions"] == Json({{"NoCopy", true}}));
}

TEST_CASE("service tmpfs entries go to HostConfig.Tmpfs with their options", "[engine]") {
    ContainerConfig spec;
    spec.tmpfs = {{"/scratch", "size=8388608,mode=1770,noexec"}, {"/run", ""}};
    auto host = Json::parse(mapping::container_create_body(spec))["HostConfig"];
    CHECK(host["Tmpfs"] == Json({{"/scratch", "size=8388608,mode=1770,noexec"}, {"/run", ""}}));
    CHECK_FALSE(Json::parse(mapping::container_create_body(ContainerConfig{}))["HostConfig"].contains("Tmpfs"));
}

TEST_CASE("volume mounts carry their name and labels, an anonymous one no Source", "[engine]") {
    const auto mounts = Json::parse(mapping::container_create_body(full_spec()))["HostConfig"]["Mounts"];
    CHECK(mounts[1] == Json({{"Type", "volume"},
                             {"Source", "data"},
                             {"Target", "/var/lib/postgresql/data"},
                             {"ReadOnly", false},
                             {"VolumeOptions", {{"Labels", {{"dev.dtx.run", "r1"}}}}}}));
    CHECK(mounts[2] == Json({{"Type", "volume"}, {"Target", "/cache"}, {"ReadOnly", false}}));
}

TEST_CASE("a tmpfs mount carries its size in bytes and its mode", "[engine]") {
    const auto mounts = Json::parse(mapping::container_create_body(full_spec()))["HostConfig"]["Mounts"];
    CHECK(mounts[3] == Json({{"Type", "tmpfs"},
                             {"Target", "/tmp"},
                             {"ReadOnly", false},
                             {"TmpfsOptions", {{"SizeBytes", 64 << 20}, {"Mode", 01777}}}}));
}

TEST_CASE("the network is attached with all the aliases", "[engine]") {
    auto body = Json::parse(mapping::container_create_body(full_spec()));
    CHECK(body["NetworkingConfig"]["EndpointsConfig"]["dtx-r1"]["Aliases"] == Json({"db", "postgres"}));
}

TEST_CASE("healthcheck durations are nanoseconds, start_interval kept from API 1.44", "[engine]") {
    std::vector<std::string> dropped;
    auto body = Json::parse(mapping::container_create_body(full_spec(), "1.44", &dropped));
    CHECK(body["Healthcheck"] == Json({{"Test", {"CMD-SHELL", "pg_isready"}},
                                       {"Interval", 2'000'000'000},
                                       {"Timeout", 1'000'000'000},
                                       {"StartPeriod", 10'000'000'000},
                                       {"StartInterval", 500'000'000},
                                       {"Retries", 5}}));
    CHECK(dropped.empty());
}

TEST_CASE("healthcheck start_interval is dropped and named before API 1.44", "[engine]") {
    std::vector<std::string> dropped;
    auto body = Json::parse(mapping::container_create_body(full_spec(), "1.43", &dropped));
    CHECK_FALSE(body["Healthcheck"].contains("StartInterval"));
    CHECK(body["Healthcheck"]["Interval"] == 2'000'000'000);
    CHECK(dropped == std::vector<std::string>{"healthcheck start_interval"});
}

TEST_CASE("an unset start_interval is not reported as dropped", "[engine]") {
    auto spec = full_spec();
    spec.healthcheck->start_interval = 0s;
    std::vector<std::string> dropped;
    (void)mapping::container_create_body(spec, "1.41", &dropped);
    CHECK(dropped.empty());
}

TEST_CASE("a container inspect answer gives image, health, restarts, times, labels, networks and tty", "[engine]") {
    auto state = mapping::parse_container(R"({
        "Id": "c1", "Name": "/dtx-r1-db", "Image": "sha256:abc", "RestartCount": 2,
        "State": {"Status": "restarting", "Running": true, "Restarting": true, "ExitCode": 1,
                  "StartedAt": "2024-01-02T03:04:05.123456789Z", "FinishedAt": "0001-01-01T00:00:00Z",
                  "Health": {"Status": "unhealthy", "FailingStreak": 3}},
        "Config": {"Tty": true, "Labels": {"dev.dtx.run": "r1", "n": "1"}},
        "NetworkSettings": {"Ports": {}, "Networks": {"dtx-r1": {"IPAddress": "172.30.0.2"}, "bridge": {"IPAddress": ""}}}
    })");
    REQUIRE(state.ok());
    CHECK(state->image == "sha256:abc");
    CHECK(state->restarting);
    CHECK(state->restart_count == 2);
    CHECK(state->health == "unhealthy");
    CHECK(state->started_at == "2024-01-02T03:04:05.123456789Z");
    CHECK(state->finished_at == "0001-01-01T00:00:00Z");
    CHECK(state->labels == Labels{{"dev.dtx.run", "r1"}, {"n", "1"}});
    CHECK(state->network_ips == std::map<std::string, std::string>{{"bridge", ""}, {"dtx-r1", "172.30.0.2"}});
    CHECK(state->tty);
}

TEST_CASE("null sections of a container inspect answer read as empty", "[engine]") {
    auto state = mapping::parse_container(
        R"({"Id":"c","State":{"Status":"created","Health":null,"ExitCode":null},"Config":{"Labels":null},
            "NetworkSettings":{"Ports":null,"Networks":null}})");
    REQUIRE(state.ok());
    CHECK(state->health.empty());
    CHECK(state->exit_code == 0);
    CHECK(state->labels.empty());
    CHECK(state->ports.empty());
    CHECK(state->network_ips.empty());
    CHECK_FALSE(state->tty);
}

TEST_CASE("a wait answer gives the status code", "[engine]") {
    CHECK(mapping::parse_wait(R"({"StatusCode":137,"Error":null})").value() == 137);
    CHECK(mapping::parse_wait(R"({"StatusCode":0,"Error":{"Message":""}})").value() == 0);
}

TEST_CASE("a wait answer with an error message is a failure with that message", "[engine]") {
    auto code = mapping::parse_wait(R"({"StatusCode":-1,"Error":{"Message":"container was removed"}})");
    REQUIRE_FALSE(code.ok());
    CHECK(code.error().code == Errc::server);
    CHECK(code.error().message == "container was removed");
}

TEST_CASE("a wait answer without a status code is invalid", "[engine]") {
    CHECK(mapping::parse_wait("{}").error().code == Errc::invalid);
    CHECK(mapping::parse_wait("oops").error().code == Errc::invalid);
}

TEST_CASE("an exec create body asks for output but never stdin", "[engine]") {
    ExecConfig spec{{"sh", "-c", "exit 3"}, {"A=1"}, "postgres", "/tmp", false, true};
    CHECK(Json::parse(mapping::exec_create_body(spec)) == Json({{"Cmd", {"sh", "-c", "exit 3"}},
                                                                {"Env", {"A=1"}},
                                                                {"User", "postgres"},
                                                                {"WorkingDir", "/tmp"},
                                                                {"Tty", false},
                                                                {"AttachStdin", false},
                                                                {"AttachStdout", true},
                                                                {"AttachStderr", true}}));
}

TEST_CASE("a detached exec with a TTY attaches no output and starts detached", "[engine]") {
    ExecConfig spec{{"true"}, {}, "", "", true, false};
    auto create = Json::parse(mapping::exec_create_body(spec));
    CHECK(create["AttachStdout"] == false);
    CHECK(create["Tty"] == true);
    CHECK_FALSE(create.contains("User"));
    CHECK(Json::parse(mapping::exec_start_body(spec)) == Json({{"Detach", true}, {"Tty", true}}));
}

TEST_CASE("an exec inspect answer gives running, exit code and pid; a null exit code reads 0", "[engine]") {
    auto done = mapping::parse_exec(R"({"ID":"e1","Running":false,"ExitCode":3,"Pid":4242})");
    REQUIRE(done.ok());
    CHECK_FALSE(done->running);
    CHECK(done->exit_code == 3);
    CHECK(done->pid == 4242);
    auto running = mapping::parse_exec(R"({"ID":"e1","Running":true,"ExitCode":null,"Pid":7})");
    REQUIRE(running.ok());
    CHECK(running->running);
    CHECK(running->exit_code == 0);
}

TEST_CASE("event filters list only what was asked for", "[engine]") {
    CHECK(Json::parse(mapping::event_filters({})) == Json::object());
    EventFilter f{{"dev.dtx.run=r1"}, {"container"}, {"die", "oom"}, 0, 0};
    CHECK(Json::parse(mapping::event_filters(f)) ==
          Json({{"label", {"dev.dtx.run=r1"}}, {"type", {"container"}}, {"event", {"die", "oom"}}}));
}

TEST_CASE("an event line gives type, action, actor id, attributes and time", "[engine]") {
    auto e = mapping::parse_event(
        R"({"status":"die","id":"c1","Type":"container","Action":"die","Actor":{"ID":"c1",
            "Attributes":{"exitCode":"1","name":"dtx-r1-db","dev.dtx.run":"r1"}},"scope":"local",
            "time":1700000000,"timeNano":1700000000123456789})");
    REQUIRE(e.ok());
    CHECK(e->type == "container");
    CHECK(e->action == "die");
    CHECK(e->id == "c1");
    CHECK(e->attributes == Labels{{"exitCode", "1"}, {"name", "dtx-r1-db"}, {"dev.dtx.run", "r1"}});
    CHECK(e->time_nano == 1700000000123456789);
}

TEST_CASE("an event line that is not JSON is invalid", "[engine]") {
    CHECK(mapping::parse_event("{\"Type\":").error().code == Errc::invalid);
}
