#pragma once
// A probe::ProbeTarget with scripted answers: the container's state (or a failure), its output,
// and the results of the execs it is asked to start (queued as FakeEngine::script_exec does:
// running for some polls, then an exit code). Records the commands it was asked to run.

#include "probe/probe_target.hpp"

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dtx::fakes {

class FakeProbeTarget final : public dtx::probe::ProbeTarget {
public:
    // --- scripting ---
    // state() answers a container with `status` ("created", "running", "exited") and `exit_code`.
    void set_status(const std::string& status, int exit_code = 0) {
        m_failure.reset();
        m_state.status = status;
        m_state.running = status == "running";
        m_state.exit_code = exit_code;
    }
    // The container was killed for running out of memory.
    void oom_killed() {
        set_status("exited", 137);
        m_state.oom_killed = true;
    }
    // state(), logs() and exec() fail with `failure` (the container is gone, the engine refuses).
    void fail(dtx::util::Failure failure) { m_failure = std::move(failure); }
    // The container writes `text` to `stream`.
    void append_log(std::string text, dtx::engine::StreamKind stream = dtx::engine::StreamKind::stdout_) {
        m_output.emplace_back(stream, std::move(text));
    }
    // The next exec reports itself running for `running_polls` polls, then ends with `exit_code`;
    // one with nothing scripted exits 0.
    void script_exec(int exit_code, int running_polls = 0) { m_scripts.push_back(Exec{exit_code, running_polls}); }

    // --- inspection ---
    const std::vector<std::vector<std::string>>& exec_commands() const { return m_commands; }
    int state_calls() const { return m_state_calls; }

    // --- probe::ProbeTarget ---
    dtx::util::Result<dtx::engine::ContainerState> state() override {
        ++m_state_calls;
        if (m_failure) {
            return *m_failure;
        }
        return m_state;
    }
    dtx::util::Status logs(bool, const dtx::engine::OutputSink& sink) override {
        if (m_failure) {
            return *m_failure;
        }
        for (const auto& [stream, text] : m_output) {
            if (!sink(stream, text)) {
                break;
            }
        }
        return dtx::util::ok_status();
    }
    dtx::util::Result<std::string> exec(const std::vector<std::string>& command) override {
        if (m_failure) {
            return *m_failure;
        }
        if (!m_state.running) {
            return dtx::util::Failure{dtx::util::Errc::conflict, "container is not running"};
        }
        m_commands.push_back(command);
        Exec script;
        if (!m_scripts.empty()) {
            script = m_scripts.front();
            m_scripts.pop_front();
        }
        m_execs.push_back(script);
        return std::to_string(m_execs.size() - 1);
    }
    dtx::util::Result<dtx::engine::ExecState> exec_state(const std::string& exec_id) override {
        std::size_t index = std::stoul(exec_id);
        if (index >= m_execs.size()) {
            return dtx::util::Failure{dtx::util::Errc::not_found, "no such exec: " + exec_id};
        }
        auto& e = m_execs[index];
        if (e.running_polls > 0) {
            --e.running_polls;
            return dtx::engine::ExecState{true, 0, 42};
        }
        return dtx::engine::ExecState{false, e.exit_code, 0};
    }

private:
    struct Exec {
        int exit_code = 0;
        int running_polls = 0;
    };

    dtx::engine::ContainerState m_state = [] {
        dtx::engine::ContainerState s;
        s.status = "running";
        s.running = true;
        return s;
    }();
    std::optional<dtx::util::Failure> m_failure;
    std::vector<std::pair<dtx::engine::StreamKind, std::string>> m_output;
    std::deque<Exec> m_scripts;
    std::vector<Exec> m_execs;
    std::vector<std::vector<std::string>> m_commands;
    int m_state_calls = 0;
};

}  // namespace dtx::fakes
