#pragma once
// An in-memory engine::Engine. Containers, images, networks and volumes are records; every call
// that changes something is recorded in order ("create dtx-r1-db", "start dtx-r1-db", "pull
// redis:7", …), and failures can be scripted per call. Safe to use from several threads.
//
// It answers as DockerEngine does where tests above the engine look: the same Errc (not_found for
// a missing container, image, network, volume or exec; conflict for an exec or kill in a stopped
// container and for a network name in use), label filters matched as the engine matches them
// ("key" or "key=value", all of them), containers found by id or by name, an image ref without a
// tag meaning ":latest". Its own messages are short ("no such container: c9"); a scripted failure
// is returned exactly as given, so a test writes the whole message it expects.
//
// Logs and exec are scriptable: append_log() gives a container output that logs() and
// stream_logs() deliver chunk by chunk (following until the container stops or `cancel`), and
// script_exec() queues the results of its next execs.

#include "engine/engine.hpp"
#include "engine/labels.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dtx::fakes {

class FakeEngine final : public dtx::engine::Engine {
public:
    // What a scripted build does (script_build).
    struct BuildScript {
        dtx::engine::ImageInfo image{};                 // the image it makes; an empty id is generated
        std::vector<dtx::engine::Progress> progress{};  // handed to the progress sink in order
        std::optional<dtx::util::Failure> failure{};    // set: the build fails after its progress
    };
    // What one pull asked for.
    struct Pull {
        std::string ref;
        std::optional<dtx::engine::RegistryAuth> auth;
    };
    static constexpr int k_always = -1;

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
    // The next `times` calls of `method` (the Engine method's name: "remove_container",
    // "list_volumes", "pull_image", …) with first argument `target` as dtx passes it (an id, a name,
    // an image ref; "" for the list_* calls) fail with `failure`, before they change anything.
    void fail(const std::string& method, const std::string& target, dtx::util::Failure failure, int times = k_always) {
        std::lock_guard lock(m_mutex);
        m_failures[method + " " + target].push_back(ScriptedFailure{std::move(failure), times});
    }
    // The list_* calls answer everything, as an engine that ignored the label filter would, so a
    // test can check that dtx looks at the labels itself.
    void ignore_label_filters() {
        std::lock_guard lock(m_mutex);
        m_ignore_filters = true;
    }
    // Container `name` has exited with `code` as soon as it started (a task, or a crash).
    // `name`: the container's, or its service's.
    void exit_on_start(const std::string& name, int code) {
        std::lock_guard lock(m_mutex);
        m_exit_codes[name] = code;
    }

    // Container `name` writes `text` (a chunk: several lines, or part of one) to `stream`. Once a
    // container has output, logs() answers its last lines instead of "last words of <name>". `name`:
    // the container's, or its service's.
    void append_log(const std::string& name, const std::string& text,
                    dtx::engine::StreamKind stream = dtx::engine::StreamKind::stdout_) {
        {
            std::lock_guard lock(m_mutex);
            m_logs[name].push_back(LogChunk{stream, text});
        }
        m_changed.notify_all();
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
    // Container `name` started at `rfc3339` (start_container sets the time of the start).
    void started_at(const std::string& name, const std::string& rfc3339) {
        update(name, [&](Container& c) { c.started_at = rfc3339; });
    }
    // The next exec in container `name` (in the order scripted) reports itself running for
    // `running_polls` inspections, then ends with `exit_code`; an attached one writes `output` to
    // stdout. An exec with nothing scripted exits 0 silently. Execs in a container that does not run
    // fail with Errc::conflict, as the engine's 409.
    void script_exec(const std::string& name, int exit_code, int running_polls = 0, std::string output = {}) {
        std::lock_guard lock(m_mutex);
        m_exec_scripts[name].push_back(ExecScript{exit_code, running_polls, std::move(output)});
    }

    // Image `ref` is present locally with `info` (an empty id is generated) and `labels`; returns its id.
    std::string add_image(const std::string& ref, dtx::engine::ImageInfo info = {}, dtx::engine::Labels labels = {}) {
        std::lock_guard lock(m_mutex);
        return store_image(ref, std::move(info), std::move(labels));
    }
    // A registry has image `ref`: pulling it stores `info` locally. Pulling any other ref fails with
    // Errc::not_found, as a registry that does not know it.
    void publish(const std::string& ref, dtx::engine::ImageInfo info = {}) {
        std::lock_guard lock(m_mutex);
        m_registry[normal_ref(ref)] = std::move(info);
    }
    // A build whose first tag is `tag` does what `script` says; a build with nothing scripted
    // succeeds with a new id and no progress.
    void script_build(const std::string& tag, BuildScript script) {
        std::lock_guard lock(m_mutex);
        m_build_scripts[normal_ref(tag)] = std::move(script);
    }
    // Volume `name` exists with `labels`.
    void add_volume(const std::string& name, dtx::engine::Labels labels = {}) {
        std::lock_guard lock(m_mutex);
        m_volumes[name] = std::move(labels);
    }
    // Network `name` exists with `labels`; returns its id ("net-<name>").
    std::string add_network(const std::string& name, dtx::engine::Labels labels = {}) {
        std::lock_guard lock(m_mutex);
        m_networks[name] = dtx::engine::NetworkConfig{name, std::move(labels)};
        return network_id(name);
    }

    // Adds `event` to calls(), so a test can order its own events among the engine's.
    void record(const std::string& event) {
        std::lock_guard lock(m_mutex);
        m_calls.push_back(event);
    }
    bool has(const std::string& call) const { return position(call) >= 0; }

    // Creates and starts a container named `name`; returns its id.
    std::string running(const std::string& name, dtx::engine::Labels labels = {}) {
        dtx::engine::ContainerConfig spec;
        spec.name = name;
        spec.labels = std::move(labels);
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
    // The calls that start with `prefix` ("remove ", "create ", "remove network dtx-"), in order.
    std::vector<std::string> calls_starting(const std::string& prefix) const {
        std::vector<std::string> out;
        for (const auto& call : calls()) {
            if (call.starts_with(prefix)) {
                out.push_back(call);
            }
        }
        return out;
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
    // Every network create asked for, in order, including those that failed.
    std::vector<dtx::engine::NetworkConfig> network_requests() const {
        std::lock_guard lock(m_mutex);
        return m_network_requests;
    }
    // Every build asked for, in order.
    std::vector<dtx::engine::BuildConfig> builds() const {
        std::lock_guard lock(m_mutex);
        return m_builds;
    }
    // Every pull asked for, in order.
    std::vector<Pull> pulls() const {
        std::lock_guard lock(m_mutex);
        return m_pulls;
    }
    // How many times inspect_image was asked.
    int image_inspections() const {
        std::lock_guard lock(m_mutex);
        return m_image_inspections;
    }
    // The label filter of every list_* call, "containers: a=b,c", in order.
    std::vector<std::string> listings() const {
        std::lock_guard lock(m_mutex);
        return m_listings;
    }
    bool has_image(const std::string& ref) const {
        std::lock_guard lock(m_mutex);
        return m_images.count(normal_ref(ref)) != 0;
    }
    // The labels image `ref` was built or added with.
    dtx::engine::Labels image_labels(const std::string& ref) const {
        std::lock_guard lock(m_mutex);
        auto it = m_images.find(normal_ref(ref));
        return it == m_images.end() ? dtx::engine::Labels{} : it->second.labels;
    }
    bool has_volume(const std::string& name) const {
        std::lock_guard lock(m_mutex);
        return m_volumes.count(name) != 0;
    }
    bool has_network(const std::string& name) const {
        std::lock_guard lock(m_mutex);
        return m_networks.count(name) != 0;
    }
    // The status of container `id_or_name` ("created", "running", "exited"), "" when there is none.
    std::string status(const std::string& id_or_name) {
        std::lock_guard lock(m_mutex);
        auto* c = find(id_or_name);
        return c == nullptr ? "" : c->status;
    }

    // --- engine::Engine ---
    std::string endpoint() const override { return "fake://engine"; }
    std::string api_version() const override { return "1.41"; }
    dtx::util::Result<dtx::engine::VersionInfo> version() override {
        return dtx::engine::VersionInfo{"fake", "1.41", "1.12", "linux", "amd64"};
    }

    dtx::util::Result<dtx::engine::ImageInfo> inspect_image(const std::string& ref) override {
        std::lock_guard lock(m_mutex);
        ++m_image_inspections;
        if (auto failure = scripted("inspect_image", ref)) {
            return *failure;
        }
        auto it = m_images.find(normal_ref(ref));
        if (it == m_images.end()) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "no such image: " + ref};
        }
        return it->second.info;
    }
    dtx::util::Status pull_image(const std::string& ref, const dtx::engine::RegistryAuth* auth,
                                 const dtx::engine::ProgressSink& progress) override {
        dtx::engine::ImageInfo info;
        {
            std::lock_guard lock(m_mutex);
            m_calls.push_back("pull " + ref);
            Pull pull{ref, std::nullopt};
            if (auth != nullptr) {
                pull.auth = *auth;
            }
            m_pulls.push_back(std::move(pull));
            if (auto failure = scripted("pull_image", ref)) {
                return *failure;
            }
            auto it = m_registry.find(normal_ref(ref));
            if (it == m_registry.end()) {
                return dtx::util::Failure{dtx::util::Errc::not_found, "manifest for " + ref + " not found"};
            }
            info = it->second;
        }
        if (progress) {
            dtx::engine::Progress done;
            done.status = "Downloaded newer image for " + ref;
            progress(done);
        }
        std::lock_guard lock(m_mutex);
        auto present = m_images.find(normal_ref(ref));
        store_image(ref, info, present == m_images.end() ? dtx::engine::Labels{} : present->second.labels);
        return dtx::util::ok_status();
    }
    dtx::util::Result<std::string> build_image(const dtx::engine::BuildConfig& spec,
                                               const dtx::engine::ProgressSink& progress) override {
        BuildScript script;
        std::string tag = spec.tags.empty() ? "" : spec.tags.front();
        {
            std::lock_guard lock(m_mutex);
            m_calls.push_back("build " + tag);
            m_builds.push_back(spec);
            if (auto failure = scripted("build_image", tag)) {
                return *failure;
            }
            if (auto it = m_build_scripts.find(normal_ref(tag)); it != m_build_scripts.end()) {
                script = it->second;
            }
        }
        for (const auto& p : script.progress) {  // outside the lock: a sink may call back into the fake
            if (progress) {
                progress(p);
            }
        }
        if (script.failure) {
            return *script.failure;
        }
        std::lock_guard lock(m_mutex);
        if (script.image.id.empty()) {
            script.image.id = "sha256:built" + std::to_string(++m_next_image);
        }
        for (const auto& t : spec.tags) {
            store_image(t, script.image, spec.labels);
        }
        return script.image.id;
    }

    dtx::util::Result<std::string> create_network(const dtx::engine::NetworkConfig& spec) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("network " + spec.name);
        m_network_requests.push_back(spec);
        if (auto failure = scripted("create_network", spec.name)) {
            return *failure;
        }
        if (m_networks.count(spec.name) != 0) {
            return dtx::util::Failure{dtx::util::Errc::conflict, "network with name " + spec.name + " already exists"};
        }
        m_networks[spec.name] = spec;
        return network_id(spec.name);
    }
    dtx::util::Result<dtx::engine::NetworkInfo> inspect_network(const std::string& id_or_name) override {
        std::lock_guard lock(m_mutex);
        if (auto failure = scripted("inspect_network", id_or_name)) {
            return *failure;
        }
        auto* n = find_network(id_or_name);
        if (n == nullptr) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "network " + id_or_name + " not found"};
        }
        dtx::engine::NetworkInfo info{network_id(n->name), n->name, "bridge", n->labels, {}, {}};
        if (!n->subnet.empty()) {
            info.subnets.push_back(n->subnet);
        }
        for (const auto& [id, c] : m_containers) {
            if (c.spec.network == n->name && c.status == "running") {
                info.containers.push_back(id);
            }
        }
        return info;
    }
    dtx::util::Status remove_network(const std::string& id_or_name) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("remove network " + id_or_name);
        if (auto failure = scripted("remove_network", id_or_name)) {
            return *failure;
        }
        auto* n = find_network(id_or_name);
        if (n == nullptr) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "network " + id_or_name + " not found"};
        }
        std::string name = n->name;
        m_networks.erase(name);
        return dtx::util::ok_status();
    }
    dtx::util::Result<std::vector<dtx::engine::NetworkSummary>> list_networks(
        const dtx::engine::LabelFilter& labels) override {
        std::lock_guard lock(m_mutex);
        m_listings.push_back("networks: " + joined(labels, ","));
        if (auto failure = scripted("list_networks", "")) {
            return *failure;
        }
        std::vector<dtx::engine::NetworkSummary> all;
        for (const auto& [name, n] : m_networks) {
            if (matches(n.labels, labels)) {
                all.push_back(dtx::engine::NetworkSummary{network_id(name), name, n.labels});
            }
        }
        return all;
    }

    dtx::util::Result<std::vector<dtx::engine::VolumeSummary>> list_volumes(
        const dtx::engine::LabelFilter& labels) override {
        std::lock_guard lock(m_mutex);
        m_listings.push_back("volumes: " + joined(labels, ","));
        if (auto failure = scripted("list_volumes", "")) {
            return *failure;
        }
        std::vector<dtx::engine::VolumeSummary> all;
        for (const auto& [name, volume_labels] : m_volumes) {
            if (matches(volume_labels, labels)) {
                all.push_back(dtx::engine::VolumeSummary{name, "local", "/var/lib/docker/volumes/" + name + "/_data",
                                                         volume_labels});
            }
        }
        return all;
    }
    dtx::util::Result<dtx::engine::VolumeSummary> inspect_volume(const std::string& name) override {
        std::lock_guard lock(m_mutex);
        if (auto failure = scripted("inspect_volume", name)) {
            return *failure;
        }
        auto it = m_volumes.find(name);
        if (it == m_volumes.end()) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "get " + name + ": no such volume"};
        }
        return dtx::engine::VolumeSummary{name, "local", "/var/lib/docker/volumes/" + name + "/_data", it->second};
    }
    dtx::util::Status remove_volume(const std::string& name, bool) override {
        std::lock_guard lock(m_mutex);
        m_calls.push_back("remove volume " + name);
        if (auto failure = scripted("remove_volume", name)) {
            return *failure;
        }
        return m_volumes.erase(name) != 0
                   ? dtx::util::ok_status()
                   : dtx::util::Status(dtx::util::Failure{dtx::util::Errc::not_found, "no such volume: " + name});
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
            return no_such_container(id);
        }
        m_calls.push_back("start " + c->spec.name);
        if (auto it = m_start_failures.find(c->spec.name); it != m_start_failures.end() && it->second.times > 0) {
            --it->second.times;
            return it->second.failure;
        }
        auto exit = m_exit_codes.find(scripted_name(*c, m_exit_codes));
        c->status = exit == m_exit_codes.end() ? "running" : "exited";
        c->exit_code = exit == m_exit_codes.end() ? 0 : exit->second;
        c->started_at = now_rfc3339();
        return dtx::util::ok_status();
    }
    dtx::util::Result<dtx::engine::ContainerState> inspect_container(const std::string& id_or_name) override {
        std::lock_guard lock(m_mutex);
        if (auto failure = scripted("inspect_container", id_or_name)) {
            return *failure;
        }
        auto* c = find(id_or_name);
        if (c == nullptr) {
            return no_such_container(id_or_name);
        }
        std::string id = id_of(*c);
        dtx::engine::ContainerState state;
        state.id = id;
        state.name = c->spec.name;
        auto image = m_images.find(normal_ref(c->spec.image));
        state.image = image == m_images.end() ? c->spec.image : image->second.info.id;
        state.status = c->status;
        state.running = c->status == "running";
        state.exit_code = c->exit_code;
        state.oom_killed = c->oom_killed;
        state.tty = c->spec.tty;
        state.restart_count = c->restart_count;
        state.started_at = c->started_at;
        state.labels = c->spec.labels;
        std::uint16_t host_port = 40000 + static_cast<std::uint16_t>(std::stoi(id.substr(1)) * 10);
        for (const auto& p : c->spec.ports) {
            state.ports.push_back(dtx::engine::PublishedPort{p.container_port, p.protocol, p.host_ip, host_port++});
        }
        return state;
    }
    // A running container exits with 128 + the signal's number (KILL: 137, TERM: 143, INT: 130;
    // any other signal: 137); a stopped one is a conflict, as the engine's 409.
    dtx::util::Status kill_container(const std::string& id, const std::string& signal) override {
        {
            std::lock_guard lock(m_mutex);
            auto* c = find(id);
            if (c == nullptr) {
                return no_such_container(id);
            }
            m_calls.push_back("kill " + c->spec.name + " " + signal);
            if (auto failure = scripted("kill_container", id)) {
                return *failure;
            }
            if (c->status != "running") {
                return dtx::util::Failure{dtx::util::Errc::conflict, "container " + id + " is not running"};
            }
            c->status = "exited";
            c->exit_code = 128 + signal_number(signal);
        }
        m_changed.notify_all();
        return dtx::util::ok_status();
    }
    // Recorded as "stop <name> <grace>s"; a running container exits with 128 + its stop signal's
    // number (none set: SIGTERM, 143), a stopped one stays as it is.
    dtx::util::Status stop_container(const std::string& id, std::chrono::seconds grace) override {
        {
            std::lock_guard lock(m_mutex);
            auto* c = find(id);
            if (c == nullptr) {
                return no_such_container(id);
            }
            m_calls.push_back("stop " + c->spec.name + " " + std::to_string(grace.count()) + "s");
            if (auto failure = scripted("stop_container", id)) {
                return *failure;
            }
            if (c->status == "running") {
                c->status = "exited";
                c->exit_code = 128 + signal_number(c->spec.stop_signal.empty() ? "SIGTERM" : c->spec.stop_signal);
            }
        }
        m_changed.notify_all();
        return dtx::util::ok_status();
    }
    // Recorded as "remove <name>", or "remove <id>" for a container there is not.
    dtx::util::Status remove_container(const std::string& id) override {
        {
            std::lock_guard lock(m_mutex);
            auto* c = find(id);
            m_calls.push_back("remove " + (c == nullptr ? id : c->spec.name));
            if (c == nullptr) {
                return no_such_container(id);
            }
            if (auto failure = scripted("remove_container", id)) {
                return *failure;
            }
            m_containers.erase(id_of(*c));
        }
        m_changed.notify_all();
        return dtx::util::ok_status();
    }
    dtx::util::Result<std::vector<dtx::engine::ContainerSummary>> list_containers(
        const dtx::engine::LabelFilter& labels) override {
        std::lock_guard lock(m_mutex);
        m_listings.push_back("containers: " + joined(labels, ","));
        if (auto failure = scripted("list_containers", "")) {
            return *failure;
        }
        std::vector<dtx::engine::ContainerSummary> all;
        for (const auto& [id, c] : m_containers) {
            if (matches(c.spec.labels, labels)) {
                all.push_back(dtx::engine::ContainerSummary{id, c.spec.name, c.status, c.spec.labels});
            }
        }
        return all;
    }
    dtx::util::Result<std::string> logs(const std::string& id, int tail) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(id);
        if (c == nullptr) {
            return std::string();
        }
        auto it = m_logs.find(scripted_name(*c, m_logs));
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
    // The output so far, from the start, of the streams `options` asks for (tail, since and
    // timestamps are ignored), chunk by chunk. With follow it goes on delivering what append_log()
    // adds until the container is not running, the sink returns false, or `cancel`.
    dtx::util::Status stream_logs(const std::string& id, const dtx::engine::LogOptions& options, bool,
                                  const dtx::engine::OutputSink& sink, const std::atomic<bool>* cancel) override {
        std::size_t sent = 0;
        {
            std::lock_guard lock(m_mutex);
            if (find(id) == nullptr) {
                return no_such_container(id);
            }
            ++m_log_reads;
        }
        while (true) {
            std::vector<LogChunk> chunks;
            bool more = false;
            {
                std::unique_lock lock(m_mutex);
                auto* c = find(id);
                if (c != nullptr) {
                    if (auto it = m_logs.find(scripted_name(*c, m_logs));
                        it != m_logs.end() && it->second.size() > sent) {
                        chunks.assign(it->second.begin() + static_cast<std::ptrdiff_t>(sent), it->second.end());
                        sent = it->second.size();
                    }
                    more = options.follow && c->status == "running";
                }
                if (chunks.empty() && more) {
                    if (cancel != nullptr && cancel->load()) {
                        return dtx::util::ok_status();
                    }
                    m_changed.wait_for(lock, std::chrono::milliseconds(5));
                    continue;
                }
            }
            for (const auto& chunk : chunks) {  // outside the lock: a sink may call back into the fake
                bool wanted = chunk.stream == dtx::engine::StreamKind::stderr_ ? options.stderr_ : options.stdout_;
                if (wanted && !sink(chunk.stream, chunk.text)) {
                    return dtx::util::ok_status();
                }
            }
            if (!more || (cancel != nullptr && cancel->load())) {
                return dtx::util::ok_status();
            }
        }
    }
    dtx::util::Result<std::string> create_exec(const std::string& container,
                                               const dtx::engine::ExecConfig& spec) override {
        std::lock_guard lock(m_mutex);
        auto* c = find(container);
        if (c == nullptr) {
            return no_such_container(container);
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
        m_calls.push_back("exec " + c->spec.name + ": " + joined(spec.cmd, " "));
        return "e" + std::to_string(m_execs.size());
    }
    // An attached exec writes its scripted output to `sink`, then ends.
    dtx::util::Status start_exec(const std::string& id, const dtx::engine::ExecConfig& spec,
                                 const dtx::engine::OutputSink& sink) override {
        std::string output;
        {
            std::lock_guard lock(m_mutex);
            auto* e = find_exec(id);
            if (e == nullptr) {
                return dtx::util::Failure{dtx::util::Errc::not_found, "no such exec: " + id};
            }
            e->started = true;
            if (spec.attach) {
                e->script.running_polls = 0;  // it has ended when the stream does
                output = e->script.output;
            }
        }
        if (spec.attach && sink && !output.empty()) {
            sink(dtx::engine::StreamKind::stdout_, output);
        }
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
        std::string started_at{};
    };
    struct Image {
        dtx::engine::ImageInfo info;
        dtx::engine::Labels labels;
    };
    struct LogChunk {
        dtx::engine::StreamKind stream;
        std::string text;
    };
    struct ExecScript {
        int exit_code = 0;
        int running_polls = 0;
        std::string output{};
    };
    struct Exec {
        dtx::engine::ExecConfig spec;
        ExecScript script;
        bool started = false;
    };
    struct ScriptedFailure {
        dtx::util::Failure failure;
        int times = 0;
    };

    template <typename Change>
    void update(const std::string& name, Change change) {
        {
            std::lock_guard lock(m_mutex);
            for (auto& [id, c] : m_containers) {
                if (c.spec.name == name) {
                    change(c);
                }
            }
        }
        m_changed.notify_all();
    }

    // The next scripted failure of `method target`, used up once (k_always: never). Under the lock.
    std::optional<dtx::util::Failure> scripted(const std::string& method, const std::string& target) {
        auto it = m_failures.find(method + " " + target);
        if (it == m_failures.end()) {
            return std::nullopt;
        }
        for (auto& f : it->second) {
            if (f.times == k_always) {
                return f.failure;
            }
            if (f.times > 0) {
                --f.times;
                return f.failure;
            }
        }
        return std::nullopt;
    }
    static dtx::util::Failure no_such_container(const std::string& id) {
        return dtx::util::Failure{dtx::util::Errc::not_found, "no such container: " + id};
    }
    // "redis" and "redis:latest" are one image; a digest or a tag is kept as it is.
    static std::string normal_ref(const std::string& ref) {
        auto colon = ref.rfind(':');
        auto slash = ref.rfind('/');
        bool tagged = ref.find('@') != std::string::npos ||
                      (colon != std::string::npos && (slash == std::string::npos || colon > slash));
        return tagged ? ref : ref + ":latest";
    }
    // Under the lock.
    std::string store_image(const std::string& ref, dtx::engine::ImageInfo info, dtx::engine::Labels labels) {
        if (info.id.empty()) {
            info.id = "sha256:image" + std::to_string(++m_next_image);
        }
        std::string id = info.id;
        m_images[normal_ref(ref)] = Image{std::move(info), std::move(labels)};
        return id;
    }
    bool matches(const dtx::engine::Labels& labels, const dtx::engine::LabelFilter& filter) const {
        if (m_ignore_filters) {
            return true;
        }
        return std::all_of(filter.begin(), filter.end(), [&](const std::string& f) {
            auto eq = f.find('=');
            auto it = labels.find(f.substr(0, eq));
            return it != labels.end() && (eq == std::string::npos || it->second == f.substr(eq + 1));
        });
    }
    static std::string joined(const std::vector<std::string>& parts, const char* separator) {
        std::string out;
        for (const auto& p : parts) {
            out += (out.empty() ? "" : separator) + p;
        }
        return out;
    }
    static int signal_number(const std::string& signal) {
        std::string name = signal.rfind("SIG", 0) == 0 ? signal.substr(3) : signal;
        if (name == "TERM" || name == "15") {
            return 15;
        }
        if (name == "INT" || name == "2") {
            return 2;
        }
        return 9;
    }
    static std::string now_rfc3339() {
        std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
        std::tm utc{};
        gmtime_r(&now, &utc);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
        return text;
    }
    static std::string network_id(const std::string& name) { return "net-" + name; }
    // Under the lock.
    dtx::engine::NetworkConfig* find_network(const std::string& id_or_name) {
        for (auto& [name, n] : m_networks) {
            if (name == id_or_name || network_id(name) == id_or_name) {
                return &n;
            }
        }
        return nullptr;
    }
    // By id, or else by name, as the engine finds a container. Under the lock.
    // What exit_on_start and append_log know container `c` by: its name, else its service (the name
    // of a `dtx run` container holds a random run id).
    template <typename Map>
    static std::string scripted_name(const Container& c, const Map& scripts) {
        if (scripts.count(c.spec.name) != 0) {
            return c.spec.name;
        }
        auto service = c.spec.labels.find(dtx::engine::label::k_service);
        return service == c.spec.labels.end() ? c.spec.name : service->second;
    }
    Container* find(const std::string& id_or_name) {
        if (auto it = m_containers.find(id_or_name); it != m_containers.end()) {
            return &it->second;
        }
        for (auto& [id, c] : m_containers) {
            if (c.spec.name == id_or_name) {
                return &c;
            }
        }
        return nullptr;
    }
    std::string id_of(const Container& container) const {
        for (const auto& [id, c] : m_containers) {
            if (&c == &container) {
                return id;
            }
        }
        return "";
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
    std::condition_variable m_changed;  // a container's output or status changed
    std::vector<std::string> m_calls;
    std::map<std::string, Container> m_containers;
    std::map<std::string, Image> m_images;
    std::map<std::string, dtx::engine::ImageInfo> m_registry;
    std::map<std::string, BuildScript> m_build_scripts;
    std::map<std::string, dtx::engine::NetworkConfig> m_networks;
    std::map<std::string, dtx::engine::Labels> m_volumes;
    std::map<std::string, dtx::util::Failure> m_create_failures;
    std::map<std::string, ScriptedFailure> m_start_failures;
    std::map<std::string, std::vector<ScriptedFailure>> m_failures;
    std::map<std::string, int> m_exit_codes;
    std::map<std::string, std::vector<LogChunk>> m_logs;
    std::map<std::string, std::vector<ExecScript>> m_exec_scripts;
    std::vector<Exec> m_execs;
    std::vector<dtx::engine::NetworkConfig> m_network_requests;
    std::vector<dtx::engine::BuildConfig> m_builds;
    std::vector<Pull> m_pulls;
    std::vector<std::string> m_listings;
    bool m_ignore_filters = false;
    int m_image_inspections = 0;
    int m_log_reads = 0;
    int m_next_id = 0;
    int m_next_image = 0;
};

}  // namespace dtx::fakes
