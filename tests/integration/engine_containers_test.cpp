// The container area of DockerEngine against the real engine: every ContainerSpec setting must
// reach the container, logs and exec output must come back byte for byte, events must arrive.
#include "fakes/temp_dir.hpp"
#include "support/run_binary.hpp"

#include <unistd.h>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace dtx::engine;
using namespace std::chrono_literals;
using dtx::test::run_shell;
using dtx::test::shared_engine;

namespace {

// An exec of `cmd` with every other setting at its default.
ExecConfig command(std::vector<std::string> cmd) {
    ExecConfig spec;
    spec.cmd = std::move(cmd);
    return spec;
}

constexpr const char* k_image = "dtx-test/base:bookworm";

// A label unique to one test of one process, so parallel runs never see each other's containers.
std::string unique_label(const std::string& stem) {
    return "dev.dtx.test=" + dtx::test::unique_project(stem + "-" + std::to_string(getpid()));
}

// Removes every container and volume carrying `label` when the test ends, also on failure.
class Cleanup {
public:
    explicit Cleanup(std::string label) : m_label(std::move(label)) {}
    Cleanup(const Cleanup&) = delete;
    Cleanup& operator=(const Cleanup&) = delete;
    ~Cleanup() {
        auto& engine = shared_engine();
        if (auto list = engine.list_containers({m_label})) {
            for (const auto& c : *list) {
                (void)engine.remove_container(c.id);
            }
        }
        // Engines before 23.0 keep anonymous --mount volumes on `rm -v`; they carry the label too.
        (void)run_shell("docker volume ls -q --filter label=" + m_label + " | xargs -r docker volume rm -f");
    }
    const std::string& label() const { return m_label; }
    // "dev.dtx.test=x" as a Labels entry.
    Labels labels() const {
        auto eq = m_label.find('=');
        return {{m_label.substr(0, eq), m_label.substr(eq + 1)}};
    }
    std::string name(const std::string& role) const {
        return "dtx-" + m_label.substr(m_label.find('=') + 1) + "-" + role;
    }

private:
    std::string m_label;
};

ContainerConfig shell_spec(const Cleanup& cleanup, const std::string& role, const std::string& script) {
    ContainerConfig spec;
    spec.name = cleanup.name(role);
    spec.image = k_image;
    spec.labels = cleanup.labels();
    spec.cmd = std::vector<std::string>{"sh", "-c", script};
    return spec;
}

// The exit code of a container once it has stopped.
int wait_exit(const std::string& id) {
    auto code = shared_engine().wait_container(id);
    REQUIRE(code.ok());
    return *code;
}

std::string create_and_start(const ContainerConfig& spec) {
    auto id = shared_engine().create_container(spec);
    REQUIRE(id.ok());
    REQUIRE(shared_engine().start_container(*id).ok());
    return *id;
}

struct ExecResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

ExecResult run_exec(const std::string& container, const ExecConfig& spec) {
    auto& engine = shared_engine();
    auto id = engine.create_exec(container, spec);
    REQUIRE(id.ok());
    ExecResult r;
    auto sink = [&](StreamKind kind, std::string_view text) {
        (kind == StreamKind::stderr_ ? r.err : r.out).append(text);
        return true;
    };
    auto started = engine.start_exec(*id, spec, sink);
    REQUIRE(started.ok());
    auto state = engine.inspect_exec(*id);
    REQUIRE(state.ok());
    CHECK_FALSE(state->running);
    r.exit_code = state->exit_code;
    return r;
}

std::string exec_out(const std::string& container, const std::string& script) {
    auto r = run_exec(container, command({"sh", "-c", script}));
    CHECK(r.exit_code == 0);
    return r.out;
}

// `docker inspect -f <format>` for what ContainerState does not carry.
std::string docker_inspect(const std::string& id, const std::string& format) {
    auto r = run_shell("docker inspect -f '" + format + "' " + id);
    REQUIRE(r.exit_code == 0);
    while (!r.out.empty() && r.out.back() == '\n') {
        r.out.pop_back();
    }
    return r.out;
}

template <class F>
bool eventually(F&& condition, std::chrono::seconds limit = 30s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(100ms);
    }
    return condition();
}

Mount bind_mount(const std::string& source, const std::string& target, bool read_only) {
    Mount m;
    m.type = Mount::Type::bind;
    m.source = source;
    m.target = target;
    m.read_only = read_only;
    return m;
}

ContainerConfig full_spec(const Cleanup& cleanup, const std::string& host_dir) {
    auto spec = shell_spec(cleanup, "full", "trap 'exit 7' USR1; while :; do sleep 0.1; done");
    spec.env = {"DTX_A=alpha beta"};
    spec.user = "65534:65534";
    spec.working_dir = "/work";
    spec.hostname = "dtx-host";
    spec.labels["dtx.test.extra"] = "1";
    Mount scratch;
    scratch.type = Mount::Type::tmpfs;
    scratch.target = "/scratch";
    scratch.tmpfs_size = 8 << 20;
    scratch.tmpfs_mode = 0770;  // not tmpfs's default 1777, which the mount table does not show
    Mount data;
    data.target = "/data";
    data.volume_labels = cleanup.labels();
    spec.mounts = {bind_mount(host_dir, "/host", true), bind_mount(host_dir + "/made", "/made", false), scratch, data};
    spec.memory = 64 << 20;
    spec.pids_limit = 64;
    spec.ulimits = {Ulimit{"nofile", 512, 1024}};
    spec.cap_drop = {"CHOWN"};
    spec.init = true;
    spec.extra_hosts = {"dtx-extra.test:10.1.2.3"};
    spec.stop_signal = "SIGINT";
    spec.healthcheck = HealthcheckConfig{{"CMD-SHELL", "test -d /scratch"}, 1s, 2s, 0s, 0s, 2};
    return spec;
}

}  // namespace

TEST_CASE("every setting of a full container spec reaches the engine and the container",
          "[docker][engine-containers]") {
    Cleanup cleanup(unique_label("full"));
    dtx::fakes::TempDir host;
    host.write("hello.txt", "from the host\n");
    auto& engine = shared_engine();
    std::string id = create_and_start(full_spec(cleanup, host.path()));

    auto state = engine.inspect_container(id);
    REQUIRE(state.ok());
    CHECK(state->running);
    CHECK(state->name == cleanup.name("full"));
    CHECK(state->labels.at("dtx.test.extra") == "1");
    CHECK_FALSE(state->image.empty());
    CHECK_FALSE(state->started_at.empty());
    CHECK(eventually([&] {
        auto now = engine.inspect_container(id);
        return now.ok() && now->health == "healthy";
    }));

    CHECK(exec_out(id, "echo \"$DTX_A\"") == "alpha beta\n");
    CHECK(exec_out(id, "id -u; id -g") == "65534\n65534\n");
    CHECK(exec_out(id, "pwd") == "/work\n");
    CHECK(exec_out(id, "cat /proc/sys/kernel/hostname") == "dtx-host\n");
    // The container's own limits, those of PID 1: an exec'd shell's were seen to differ under load.
    CHECK(exec_out(id, "awk '/Max open files/ {print $4, $5}' /proc/1/limits") == "512 1024\n");
    CHECK(exec_out(id, "cat /proc/1/comm") == "docker-init\n");
    CHECK_THAT(exec_out(id, "cat /etc/hosts"), Catch::Contains("10.1.2.3\tdtx-extra.test"));
    CHECK_THAT(exec_out(id, "grep ' /scratch ' /proc/mounts"),
               Catch::Contains("size=8192k") && Catch::Contains("mode=770"));
    CHECK(exec_out(id, "cat /host/hello.txt") == "from the host\n");
    CHECK(run_exec(id, command({"sh", "-c", "touch /host/x"})).exit_code != 0);  // read-only
    CHECK(std::filesystem::is_directory(host.path() + "/made"));                 // created by the engine

    CHECK(docker_inspect(id, "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{.HostConfig.Init}}") ==
          "67108864 64 true");
    CHECK(docker_inspect(id, "{{json .HostConfig.CapDrop}} {{.Config.StopSignal}}") == R"(["CHOWN"] SIGINT)");
    CHECK(docker_inspect(id, "{{json .Config.Healthcheck}}") ==
          R"({"Test":["CMD-SHELL","test -d /scratch"],"Interval":1000000000,"Timeout":2000000000,"Retries":2})");
    auto volumes = run_shell("docker volume ls -q --filter label=" + cleanup.label());
    CHECK(std::count(volumes.out.begin(), volumes.out.end(), '\n') == 1);

    REQUIRE(engine.kill_container(id, "SIGUSR1").ok());
    auto code = engine.wait_container(id);
    REQUIRE(code.ok());
    CHECK(*code == 7);
    state = engine.inspect_container(id);
    REQUIRE(state.ok());
    CHECK_FALSE(state->running);
    CHECK(state->status == "exited");
    CHECK(state->exit_code == 7);
    CHECK_FALSE(state->finished_at.empty());

    REQUIRE(engine.remove_container(id).ok());
    auto gone = engine.inspect_container(id);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().code == dtx::util::Errc::not_found);
}

TEST_CASE("an empty entrypoint removes the image's and the command runs alone", "[docker][engine-containers]") {
    Cleanup cleanup(unique_label("entry"));
    auto spec = shell_spec(cleanup, "entry", "");
    spec.entrypoint = std::vector<std::string>{};
    spec.cmd = std::vector<std::string>{"sh", "-c", "exit 4"};
    std::string id = create_and_start(spec);
    CHECK(wait_exit(id) == 4);
}

TEST_CASE("logs come back byte for byte, stdout and stderr apart", "[docker][engine-containers]") {
    Cleanup cleanup(unique_label("logs"));
    auto& engine = shared_engine();
    // Pauses keep the two streams' lines in a known order in the engine's log.
    std::string id = create_and_start(shell_spec(
        cleanup, "logs",
        "printf 'out-1\\t\\303\\274\\n'; sleep 0.3; printf 'err-1\\n' >&2; sleep 0.3; printf 'out-2\\n'; sleep 0.3; "
        "printf 'err-last' >&2"));
    REQUIRE(wait_exit(id) == 0);

    std::string out;
    std::string err;
    auto sink = [&](StreamKind kind, std::string_view text) {
        (kind == StreamKind::stderr_ ? err : out).append(text);
        return true;
    };
    REQUIRE(engine.stream_logs(id, LogOptions{}, false, sink).ok());
    CHECK(out == "out-1\t\xc3\xbc\nout-2\n");
    CHECK(err == "err-1\nerr-last");

    auto all = engine.logs(id, -1);
    REQUIRE(all.ok());
    CHECK(*all == "out-1\t\xc3\xbc\nerr-1\nout-2\nerr-last");
    auto last_two = engine.logs(id, 2);
    REQUIRE(last_two.ok());
    CHECK(*last_two == "out-2\nerr-last");
}

TEST_CASE("the logs of a TTY container are its raw terminal output", "[docker][engine-containers]") {
    Cleanup cleanup(unique_label("tty"));
    auto& engine = shared_engine();
    auto spec = shell_spec(cleanup, "tty", "printf 'one\\n'; printf 'two\\n' >&2");
    spec.tty = true;
    std::string id = create_and_start(spec);
    REQUIRE(wait_exit(id) == 0);
    auto state = engine.inspect_container(id);
    REQUIRE(state.ok());
    CHECK(state->tty);

    std::string out;
    auto sink = [&](StreamKind kind, std::string_view text) {
        CHECK(kind == StreamKind::stdout_);
        out.append(text);
        return true;
    };
    REQUIRE(engine.stream_logs(id, LogOptions{}, true, sink).ok());
    CHECK(out == "one\r\ntwo\r\n");
    auto all = engine.logs(id, -1);
    REQUIRE(all.ok());
    CHECK(*all == "one\r\ntwo\r\n");
}

TEST_CASE("following logs stops when the sink returns false or on cancel", "[docker][engine-containers]") {
    Cleanup cleanup(unique_label("follow"));
    auto& engine = shared_engine();
    std::string id =
        create_and_start(shell_spec(cleanup, "follow", "i=0; while :; do i=$((i+1)); echo line-$i; sleep 0.1; done"));
    LogOptions follow;
    follow.follow = true;

    std::string seen;
    auto started = std::chrono::steady_clock::now();
    auto stop_at_3 = [&](StreamKind, std::string_view text) {
        seen.append(text);
        return seen.find("line-3\n") == std::string::npos;
    };
    REQUIRE(engine.stream_logs(id, follow, false, stop_at_3).ok());
    CHECK_THAT(seen, Catch::StartsWith("line-1\nline-2\nline-3\n"));
    CHECK(std::chrono::steady_clock::now() - started < 10s);

    std::atomic<bool> cancel{false};
    std::thread canceller([&] {
        std::this_thread::sleep_for(500ms);
        cancel = true;
    });
    started = std::chrono::steady_clock::now();
    auto status = engine.stream_logs(
        id, follow, false, [](StreamKind, std::string_view) { return true; }, &cancel);
    canceller.join();
    CHECK(status.ok());
    CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("exec gives the command's exit code and output", "[docker][engine-containers]") {
    Cleanup cleanup(unique_label("exec"));
    auto& engine = shared_engine();
    std::string id = create_and_start(shell_spec(cleanup, "exec", "exec sleep infinity"));

    auto r = run_exec(id, command({"sh", "-c", "echo out; echo err >&2; exit 3"}));
    CHECK(r.exit_code == 3);
    CHECK(r.out == "out\n");
    CHECK(r.err == "err\n");

    ExecConfig as_user = command({"sh", "-c", "id -u; pwd; echo $X"});
    as_user.env = {"X=y"};
    as_user.user = "65534";
    as_user.working_dir = "/tmp";
    CHECK(run_exec(id, as_user).out == "65534\n/tmp\ny\n");

    ExecConfig tty = command({"sh", "-c", "echo a; echo b >&2"});
    tty.tty = true;
    auto t = run_exec(id, tty);
    CHECK(t.out == "a\r\nb\r\n");
    CHECK(t.err.empty());

    ExecConfig detached = command({"sh", "-c", "sleep 0.5; exit 5"});
    detached.attach = false;
    auto exec_id = engine.create_exec(id, detached);
    REQUIRE(exec_id.ok());
    REQUIRE(engine.start_exec(*exec_id, detached, {}).ok());
    CHECK(eventually([&] {
        auto now = engine.inspect_exec(*exec_id);
        return now.ok() && !now->running;
    }));
    auto finished = engine.inspect_exec(*exec_id);
    REQUIRE(finished.ok());
    CHECK(finished->exit_code == 5);
}

TEST_CASE("a die event with the exit code and labels arrives for a labelled container", "[docker][engine-containers]") {
    Cleanup cleanup(unique_label("events"));
    auto& engine = shared_engine();
    EventFilter filter;
    filter.labels = {cleanup.label()};
    filter.types = {"container"};
    filter.actions = {"die"};
    filter.since = std::time(nullptr) - 1;  // replays what happened before the stream was open

    std::atomic<bool> cancel{false};
    std::atomic<bool> done{false};
    Event die;
    Status result = dtx::util::ok_status();
    std::thread listener([&] {
        result = engine.events(
            filter,
            [&](const Event& e) {
                die = e;
                return false;
            },
            &cancel);
        done = true;
    });
    auto spec = shell_spec(cleanup, "dies", "exit 1");
    auto id = shared_engine().create_container(spec);
    if (id.ok() && shared_engine().start_container(*id).ok()) {
        eventually([&] { return done.load(); });
    }
    cancel = true;
    listener.join();
    REQUIRE(id.ok());
    CHECK(result.ok());
    REQUIRE(done);
    CHECK(die.type == "container");
    CHECK(die.action == "die");
    CHECK(die.id == *id);
    CHECK(die.attributes["exitCode"] == "1");
    CHECK(die.attributes[cleanup.labels().begin()->first] == cleanup.labels().begin()->second);
    CHECK(die.time_nano > 0);
}

TEST_CASE("listing by label finds exactly the labelled containers, running or not", "[docker][engine-containers]") {
    Cleanup cleanup(unique_label("list"));
    auto& engine = shared_engine();
    std::string running = create_and_start(shell_spec(cleanup, "running", "exec sleep infinity"));
    auto created = engine.create_container(shell_spec(cleanup, "created", "true"));
    REQUIRE(created.ok());

    auto list = engine.list_containers({cleanup.label()});
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    std::map<std::string, std::string> state_by_name;
    for (const auto& c : *list) {
        state_by_name[c.name] = c.state;
        for (const auto& [key, value] : cleanup.labels()) {
            CHECK(c.labels.at(key) == value);
        }
    }
    CHECK(state_by_name == std::map<std::string, std::string>{{cleanup.name("created"), "created"},
                                                              {cleanup.name("running"), "running"}});
    auto none = engine.list_containers({cleanup.label() + "-other"});
    REQUIRE(none.ok());
    CHECK(none->empty());
}
