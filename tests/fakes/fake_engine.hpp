#pragma once
// An in-memory engine::Engine: containers and networks are map entries, every call is recorded in
// order ("create dtx-r1-db", "start dtx-r1-db", …), and failures can be scripted per container
// name. Safe to use from several threads. Calls a session does not make answer Errc::invalid.
// Logs and exec are scriptable too: append_log() gives a container output that stream_logs (not
// following) delivers chunk by chunk, and script_exec() queues the results of its next execs.

#include "engine/engine.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace dtx::fakes {

class FakeEngine final : public dtx::engine::Engine {
public:
    // --- scripting ---
    // create of container `name` fails with `failure`.
    void fail_create(const std::string& name, dtx::util::Failure failure) {
        std::lock_guard lock(m_mutex);
        m_create_failures[name] = std::move(failure);
    }
    // The first `times` starts of container `name` fail with `failure`.
    void fail_start(const std::string& name, dtx::util::Failure failure, int times = 1) {
        std::lock_guard lock(m_mutex);
        m_start_failures[name] = {std::move(failure), times};
    }
    // Container `name` has exited with `code` as soon as it started (a task, or a crash).
    void exit_on_start(const std::string& name, int code) {
        std::lock_guard lock(m_mutex);
        m_exit_codes[name] = code;
    }

    // Container `name` writes `text` (a chunk: several lines, or part of one) to `stream`. Once a
    // container has output, logs() answers its last lines instead of "last words of <name>".
    void append_log(const std::string& name, const std::string& text,
                    dtx::engine::StreamKind stream = dtx::engine::StreamKind::stdout_) {
        std::lock_guard lock(m_mutex);
        m_logs[name].push_back(LogChunk{stream, text});
    }
    // Running container `name` stops with `code`.
    void stop(const std::string& name, int code) {
        update(name, [&](Container& c) {
            c.status = "exited";
            c.exit_code = code;
        });
    }
    // Running container `name` is killed by the kernel for running out of memory.
    void oom_kill(const std::string& name) {
        update(name, [](Container& c) {
            c.status = "exited";
            c.exit_code = 137;
            c.oom_killed = true;
        });
    }
    // Container `name` crashed with `code` and the engine has restarted it `restarts` times.
    void restart_loop(const std::string& name, int code, int restarts) {
        update(name, [&](Container& c) {
            c.exit_code = code;
            c.restart_count = restarts;
        });
    }
    // The next exec in container `name` (in the order scripted) reports itself running for
    // `running_polls` inspections, then ends with `exit_code`. An exec with nothing scripted exits 0.
    // Execs in a container that does not run fail with Errc::conflict, as the engine's 409.
    void script_exec(const std::string& name, int exit_code, int running_polls = 0) {
        std::lock_guard lock(m_mutex);
        m_exec_scripts[name].push_back(ExecScript{exit_code, running_polls});
    }
    // The commands of the execs created so far, in order.
    std::vector<std::vector<std::string>> exec_commands() const {
        std::lock_guard lock(m_mutex);
        std::vector<std::vector<std::string>> all;
        for (const auto& e : m_execs) {
            all.push_back(e.spec.cmd);
        }
        return all;
    }
    // How many reads of a container's output stream_logs has answered.
    int log_reads() const {
        std::lock_guard lock(m_mutex);
        return m_log_reads;
    }

    // Adds `event` to calls(), so a test can order its own events among the engine's.
    void record(const std::string& event) {
        std::lock_guard lock(m_mutex);
        m_calls.push_back(event);
    }
    bool has(const std::string& call) const { return position(call) >= 0; }

    // Creates and starts a container named `name`; returns its id.
    std::string running(const std::string& name) {
        dtx::engine::ContainerConfig spec;
        spec.name = name;
        auto id = create_container(spec);
        if (!id || !start_container(*id)) {
            throw std::logic_error("FakeEngine::running: " + name + " could not be started");
        }
        return *id;
    }

    // --- inspection ---
    std::vector<std::string> calls() const {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }
    // Position of `call` in calls(), or -1.
    int position(const std::string& call) const {
        auto all = calls();
        auto it = std::find(all.begin(), all.end(), call);
        return it == all.end() ? -1 : static_cast<int>(it - all.begin());
    }
    dtx::engine::ContainerConfig created(const std::string& name) const {
        std::lock_guard lock(m_mutex);
        for (const auto& [id, c] : m_containers) {
            if (c.spec.name == name) {
                return c.spec;
            }
        }
        return {};
    }

    // --- engine::Engine ---
    std::string endpoint() const override { return "fake://engine"; }
    std::string api_version() const override { return "1.41"; }
    dtx::util::Result<dtx::engine::VersionInfo> version() override {
        return dtx::engine::VersionInfo{"fake", "1.41", "1.12", "linux", "amd64"};
    }

    dtx::util::Result<dtx::engine::ImageInfo> inspect_image(const std::string& ref) override {
        return unsupported("inspect_image " + ref);
    }
    dtx::util::Status pull_image(const std::string& ref, const dtx::engine::RegistryAuth*,
                                 const dtx::engine::ProgressSink&) override {
        return unsupported("pull_image " + ref);
    }
    dtx::util::Result<std::string> build_image(const dtx::engine::BuildConfig&,
                                               const dtx::engine::ProgressSink&) override {
        return unsupported("build_image");
    }

    dtx::util::Result<std::string> create_network(const dtx::engine::NetworkConfig& spec) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("network " + spec.name);
        m_networks[spec.name] = spec;
        return "net-" + spec.name;
    }
    dtx::util::Result<dtx::engine::NetworkInfo> inspect_network(const std::string& name) override {
        return unsupported("inspect_network " + name);
    }
    dtx::util::Status remove_network(const std::string& name) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("remove network " + name);
        return m_networks.erase(name) != 0
                   ? dtx::util::ok_status()
                   : dtx::util::Status(dtx::util::Failure{dtx::util::Errc::not_found, "no such network"});
    }
    dtx::util::Result<std::vector<dtx::engine::NetworkSummary>> list_networks(
        const dtx::engine::LabelFilter&) override {
        return std::vector<dtx::engine::NetworkSummary>{};
    }

    dtx::util::Result<std::vector<dtx::engine::VolumeSummary>> list_volumes(const dtx::engine::LabelFilter&) override {
        return std::vector<dtx::engine::VolumeSummary>{};
    }
    dtx::util::Status remove_volume(const std::string& name, bool) override {
        return unsupported("remove_volume " + name);
    }

    dtx::util::Result<std::string> create_container(const dtx::engine::ContainerConfig& spec) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("create " + spec.name);
        if (auto it = m_create_failures.find(spec.name); it != m_create_failures.end()) {
            return it->second;
        }
        std::string id = "c" + std::to_string(++m_next_id);
        m_containers[id] = Container{spec, "created", 0};
        return id;
    }
    dtx::util::Status start_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        if (c == nullptr) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "no such container: " + id};
        }
        m_calls.push_back("start " + c->spec.name);
        if (auto it = m_start_failures.find(c->spec.name); it != m_start_failures.end() && it->second.times > 0) {
            --it->second.times;
            return it->second.failure;
        }
        auto exit = m_exit_codes.find(c->spec.name);
        c->status = exit == m_exit_codes.end() ? "running" : "exited";
        c->exit_code = exit == m_exit_codes.end() ? 0 : exit->second;
        return dtx::util::ok_status();
    }
    dtx::util::Result<dtx::engine::ContainerState> inspect_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        if (c == nullptr) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "no such container: " + id};
        }
        dtx::engine::ContainerState state;
        state.id = id;
        state.name = c->spec.name;
        state.status = c->status;
        state.running = c->status == "running";
        state.exit_code = c->exit_code;
        state.oom_killed = c->oom_killed;
        state.restart_count = c->restart_count;
        state.labels = c->spec.labels;
        std::uint16_t host_port = 40000 + static_cast<std::uint16_t>(std::stoi(id.substr(1)) * 10);
        for (const auto& p : c->spec.ports) {
            state.ports.push_back(dtx::engine::PublishedPort{p.container_port, p.protocol, p.host_ip, host_port++});
        }
        return state;
    }
    dtx::util::Status kill_container(const std::string& id, const std::string&) override {
        return unsupported("kill_container " + id);
    }
    dtx::util::Status remove_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        if (c == nullptr) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "no such container: " + id};
        }
        m_calls.push_back("remove " + c->spec.name);
        m_containers.erase(id);
        return dtx::util::ok_status();
    }
    dtx::util::Result<std::vector<dtx::engine::ContainerSummary>> list_containers(
        const dtx::engine::LabelFilter&) override {
        std::lock_guard lock(m_mutex);
        std::vector<dtx::engine::ContainerSummary> all;
        for (const auto& [id, c] : m_containers) {
            all.push_back(dtx::engine::ContainerSummary{id, c.spec.name, c.status, c.spec.labels});
        }
        return all;
    }
    dtx::util::Result<std::string> logs(const std::string& id, int tail) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        if (c == nullptr) {
            return std::string();
        }
        auto it = m_logs.find(c->spec.name);
        if (it == m_logs.end()) {
            return "last words of " + c->spec.name + "\n";
        }
        std::vector<std::string> lines{""};
        for (const auto& chunk : it->second) {
            for (char ch : chunk.text) {
                lines.back() += ch;
                if (ch == '\n') {
                    lines.emplace_back();
                }
            }
        }
        if (lines.back().empty()) {
            lines.pop_back();
        }
        std::size_t first = tail < 0 ? 0 : lines.size() - std::min(lines.size(), static_cast<std::size_t>(tail));
        std::string last;
        for (std::size_t i = first; i < lines.size(); ++i) {
            last += lines[i];
        }
        return last;
    }
    // The whole output so far, from the start (`options` other than follow are ignored); follow is
    // not supported.
    dtx::util::Status stream_logs(const std::string& id, const dtx::engine::LogOptions& options, bool,
                                  const dtx::engine::OutputSink& sink, const std::atomic<bool>*) override {
        if (options.follow) {
            return unsupported("stream_logs with follow " + id);
        }
        std::vector<LogChunk> chunks;
        {
            std::lock_guard lock(m_mutex);
            auto* c = find(id);
            if (c == nullptr) {
                return dtx::util::Failure{dtx::util::Errc::not_found, "no such container: " + id};
            }
            ++m_log_reads;
            if (auto it = m_logs.find(c->spec.name); it != m_logs.end()) {
                chunks = it->second;
            }
        }
        for (const auto& chunk : chunks) {  // outside the lock: a sink may call back into the fake
            if (!sink(chunk.stream, chunk.text)) {
                break;
            }
        }
        return dtx::util::ok_status();
    }
    dtx::util::Result<std::string> create_exec(const std::string& container,
                                               const dtx::engine::ExecConfig& spec) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(container);
        if (c == nullptr) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "no such container: " + container};
        }
        if (c->status != "running") {
            return dtx::util::Failure{dtx::util::Errc::conflict, "container " + container + " is not running"};
        }
        ExecScript script;
        if (auto it = m_exec_scripts.find(c->spec.name); it != m_exec_scripts.end() && !it->second.empty()) {
            script = it->second.front();
            it->second.erase(it->second.begin());
        }
        m_execs.push_back(Exec{spec, script, false});
        std::string joined;
        for (const auto& arg : spec.cmd) {
            joined += (joined.empty() ? "" : " ") + arg;
        }
        m_calls.push_back("exec " + c->spec.name + ": " + joined);
        return "e" + std::to_string(m_execs.size());
    }
    dtx::util::Status start_exec(const std::string& id, const dtx::engine::ExecConfig&,
                                 const dtx::engine::OutputSink&) override {
        std::lock_guard lock(m_mutex);
        auto* e = find_exec(id);
        if (e == nullptr) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "no such exec: " + id};
        }
        e->started = true;
        return dtx::util::ok_status();
    }
    dtx::util::Result<dtx::engine::ExecState> inspect_exec(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto* e = find_exec(id);
        if (e == nullptr) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "no such exec: " + id};
        }
        if (!e->started) {
            return dtx::engine::ExecState{false, 0, 0};
        }
        if (e->script.running_polls > 0) {
            --e->script.running_polls;
            return dtx::engine::ExecState{true, 0, 42};
        }
        return dtx::engine::ExecState{false, e->script.exit_code, 0};
    }

private:
    struct Container {
        dtx::engine::ContainerConfig spec;
        std::string status;
        int exit_code = 0;
        bool oom_killed = false;
        int restart_count = 0;
    };

    template <typename Change>
    void update(const std::string& name, Change change) {
        std::lock_guard lock(m_mutex);
        for (auto& [id, c] : m_containers) {
            if (c.spec.name == name) {
                change(c);
            }
        }
    }
    struct LogChunk {
        dtx::engine::StreamKind stream;
        std::string text;
    };
    struct ExecScript {
        int exit_code = 0;
        int running_polls = 0;
    };
    struct Exec {
        dtx::engine::ExecConfig spec;
        ExecScript script;
        bool started = false;
    };
    struct StartFailure {
        dtx::util::Failure failure;
        int times = 0;
    };

    static dtx::util::Failure unsupported(const std::string& what) {
        return dtx::util::Failure{dtx::util::Errc::invalid, "FakeEngine does not implement " + what};
    }
    Container* find(const std::string& id) {
        auto it = m_containers.find(id);
        return it == m_containers.end() ? nullptr : &it->second;
    }
    // Exec ids are "e<1-based index>".
    Exec* find_exec(const std::string& id) {
        if (id.size() < 2 || id[0] != 'e') {
            return nullptr;
        }
        std::size_t index = std::stoul(id.substr(1));
        return index == 0 || index > m_execs.size() ? nullptr : &m_execs[index - 1];
    }

    mutable std::mutex m_mutex;
    std::vector<std::string> m_calls;
    std::map<std::string, Container> m_containers;
    std::map<std::string, dtx::engine::NetworkConfig> m_networks;
    std::map<std::string, dtx::util::Failure> m_create_failures;
    std::map<std::string, StartFailure> m_start_failures;
    std::map<std::string, int> m_exit_codes;
    std::map<std::string, std::vector<LogChunk>> m_logs;
    std::map<std::string, std::vector<ExecScript>> m_exec_scripts;
    std::vector<Exec> m_execs;
    int m_log_reads = 0;
    int m_next_id = 0;
};

}  // namespace dtx::fakes
