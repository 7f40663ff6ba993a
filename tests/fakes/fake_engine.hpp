#pragma once
// An in-memory engine::Engine: containers and networks are map entries, every call is recorded in
// order ("create dtx-r1-db", "start dtx-r1-db", …), and failures can be scripted per container
// name. Safe to use from several threads. Calls a session does not make answer Errc::invalid.

#include "engine/engine.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace dtx::fakes {

class FakeEngine final : public engine::Engine {
public:
    // --- scripting ---
    // create of container `name` fails with `failure`.
    void fail_create(const std::string& name, util::Failure failure) {
        std::lock_guard lock(m_mutex);
        m_create_failures[name] = std::move(failure);
    }
    // The first `times` starts of container `name` fail with `failure`.
    void fail_start(const std::string& name, util::Failure failure, int times = 1) {
        std::lock_guard lock(m_mutex);
        m_start_failures[name] = {std::move(failure), times};
    }
    // Container `name` has exited with `code` as soon as it started (a task, or a crash).
    void exit_on_start(const std::string& name, int code) {
        std::lock_guard lock(m_mutex);
        m_exit_codes[name] = code;
    }

    // Adds `event` to calls(), so a test can order its own events among the engine's.
    void record(const std::string& event) {
        std::lock_guard lock(m_mutex);
        m_calls.push_back(event);
    }
    bool has(const std::string& call) const { return position(call) >= 0; }

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
    engine::ContainerSpec created(const std::string& name) const {
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
    util::Status ping() override { return util::ok_status(); }
    util::Result<engine::VersionInfo> version() override {
        return engine::VersionInfo{"fake", "1.41", "1.12", "linux", "amd64"};
    }

    util::Result<engine::ImageInfo> inspect_image(const std::string& ref) override {
        return unsupported("inspect_image " + ref);
    }
    util::Status pull_image(const std::string& ref, const engine::RegistryAuth*, const engine::ProgressSink&) override {
        return unsupported("pull_image " + ref);
    }
    util::Result<std::string> build_image(const engine::BuildSpec&, const engine::ProgressSink&) override {
        return unsupported("build_image");
    }
    util::Status tag_image(const std::string& source, const std::string&, const std::string&) override {
        return unsupported("tag_image " + source);
    }
    util::Status remove_image(const std::string& ref, bool) override { return unsupported("remove_image " + ref); }

    util::Result<std::string> create_network(const engine::NetworkSpec& spec) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("network " + spec.name);
        m_networks[spec.name] = spec;
        return "net-" + spec.name;
    }
    util::Result<engine::NetworkInfo> inspect_network(const std::string& name) override {
        return unsupported("inspect_network " + name);
    }
    util::Status remove_network(const std::string& name) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("remove network " + name);
        return m_networks.erase(name) != 0 ? util::ok_status()
                                           : util::Status(util::Failure{util::Errc::not_found, "no such network"});
    }
    util::Result<std::vector<engine::NetworkSummary>> list_networks(const engine::LabelFilter&) override {
        return std::vector<engine::NetworkSummary>{};
    }

    util::Result<std::string> create_volume(const engine::VolumeSpec&) override { return unsupported("create_volume"); }
    util::Result<std::vector<engine::VolumeSummary>> list_volumes(const engine::LabelFilter&) override {
        return std::vector<engine::VolumeSummary>{};
    }
    util::Status remove_volume(const std::string& name, bool) override { return unsupported("remove_volume " + name); }

    util::Result<std::string> create_container(const engine::ContainerSpec& spec) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("create " + spec.name);
        if (auto it = m_create_failures.find(spec.name); it != m_create_failures.end()) {
            return it->second;
        }
        std::string id = "c" + std::to_string(++m_next_id);
        m_containers[id] = Container{spec, "created", 0};
        return id;
    }
    util::Status start_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        if (c == nullptr) {
            return util::Failure{util::Errc::not_found, "no such container: " + id};
        }
        m_calls.push_back("start " + c->spec.name);
        if (auto it = m_start_failures.find(c->spec.name); it != m_start_failures.end() && it->second.times > 0) {
            --it->second.times;
            return it->second.failure;
        }
        auto exit = m_exit_codes.find(c->spec.name);
        c->status = exit == m_exit_codes.end() ? "running" : "exited";
        c->exit_code = exit == m_exit_codes.end() ? 0 : exit->second;
        return util::ok_status();
    }
    util::Result<engine::ContainerState> inspect_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        if (c == nullptr) {
            return util::Failure{util::Errc::not_found, "no such container: " + id};
        }
        engine::ContainerState state;
        state.id = id;
        state.name = c->spec.name;
        state.status = c->status;
        state.running = c->status == "running";
        state.exit_code = c->exit_code;
        state.labels = c->spec.labels;
        std::uint16_t host_port = 40000 + static_cast<std::uint16_t>(std::stoi(id.substr(1)) * 10);
        for (const auto& p : c->spec.ports) {
            state.ports.push_back(engine::PublishedPort{p.container_port, p.protocol, p.host_ip, host_port++});
        }
        return state;
    }
    util::Status kill_container(const std::string& id, const std::string&) override {
        return unsupported("kill_container " + id);
    }
    util::Result<int> wait_container(const std::string& id) override { return unsupported("wait_container " + id); }
    util::Status remove_container(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        if (c == nullptr) {
            return util::Failure{util::Errc::not_found, "no such container: " + id};
        }
        m_calls.push_back("remove " + c->spec.name);
        m_containers.erase(id);
        return util::ok_status();
    }
    util::Result<std::vector<engine::ContainerSummary>> list_containers(const engine::LabelFilter&) override {
        std::lock_guard lock(m_mutex);
        std::vector<engine::ContainerSummary> all;
        for (const auto& [id, c] : m_containers) {
            all.push_back(engine::ContainerSummary{id, c.spec.name, c.status, c.spec.labels});
        }
        return all;
    }
    util::Result<std::string> logs(const std::string& id, int) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        return c == nullptr ? std::string() : "last words of " + c->spec.name + "\n";
    }
    util::Status stream_logs(const std::string& id, const engine::LogOptions&, bool, const engine::OutputSink&,
                             const std::atomic<bool>*) override {
        return unsupported("stream_logs " + id);
    }
    util::Result<std::string> create_exec(const std::string& container, const engine::ExecSpec&) override {
        return unsupported("create_exec " + container);
    }
    util::Status start_exec(const std::string& id, const engine::ExecSpec&, const engine::OutputSink&) override {
        return unsupported("start_exec " + id);
    }
    util::Result<engine::ExecState> inspect_exec(const std::string& id) override {
        return unsupported("inspect_exec " + id);
    }
    util::Status events(const engine::EventFilter&, const engine::EventSink&, const std::atomic<bool>*) override {
        return unsupported("events");
    }

private:
    struct Container {
        engine::ContainerSpec spec;
        std::string status;
        int exit_code = 0;
    };
    struct StartFailure {
        util::Failure failure;
        int times = 0;
    };

    static util::Failure unsupported(const std::string& what) {
        return util::Failure{util::Errc::invalid, "FakeEngine does not implement " + what};
    }
    Container* find(const std::string& id) {
        auto it = m_containers.find(id);
        return it == m_containers.end() ? nullptr : &it->second;
    }

    mutable std::mutex m_mutex;
    std::vector<std::string> m_calls;
    std::map<std::string, Container> m_containers;
    std::map<std::string, engine::NetworkSpec> m_networks;
    std::map<std::string, util::Failure> m_create_failures;
    std::map<std::string, StartFailure> m_start_failures;
    std::map<std::string, int> m_exit_codes;
    int m_next_id = 0;
};

}  // namespace dtx::fakes
