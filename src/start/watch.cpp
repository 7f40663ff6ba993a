#include "start/watch.hpp"

#include "start/follow_logs.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace dtx::start {

namespace {

constexpr std::chrono::seconds k_default_grace{10};  // docker's, when stop_grace_period is unset
// The log stream ends as the container stops; its state may say so a moment later.
constexpr auto k_exit_poll = std::chrono::milliseconds(20);

// The exit code of a container whose log stream ended: it has stopped, or stops in a moment.
int exit_code_of(engine::Engine& engine, const std::string& service, const std::string& id,
                 const util::StopToken& stop) {
    for (;;) {
        auto state = engine.inspect_container(id);
        if (!state) {
            throw EngineError(fmt::format("{}: {}", service, state.error().message));
        }
        if (!state->running || stop.stop_requested()) {
            return state->exit_code;
        }
        std::this_thread::sleep_for(k_exit_poll);
    }
}

// The runner, stopped as `docker stop` would (its own stop signal and grace period) on a thread of
// its own, while its output is still followed to the end.
class RunnerStop {
public:
    RunnerStop(engine::Engine& engine, const compose::Service& svc, std::string id, report::Reporter& reporter)
        : m_engine(engine), m_svc(svc), m_id(std::move(id)), m_reporter(reporter) {}
    RunnerStop(const RunnerStop&) = delete;
    RunnerStop& operator=(const RunnerStop&) = delete;
    ~RunnerStop() {
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    // Starts stopping it, once; `why` is said first.
    void begin(const std::string& why) {
        std::lock_guard lock(m_mutex);
        if (m_thread.joinable()) {
            return;
        }
        auto grace = m_svc.stop_grace_period ? std::chrono::ceil<std::chrono::seconds>(*m_svc.stop_grace_period)
                                             : k_default_grace;
        m_reporter.note(fmt::format("{}{}: stopping it ({}, then SIGKILL after {} s)", why, m_svc.name,
                                    m_svc.stop_signal.empty() ? "SIGTERM" : m_svc.stop_signal, grace.count()));
        m_thread = std::thread([this, grace] {
            if (auto stopped = m_engine.stop_container(m_id, grace); !stopped) {
                m_failure = stopped.error().message;
            }
        });
    }
    // Waits for the stop begun, if any; throws EngineError when it failed.
    void finish() {
        std::lock_guard lock(m_mutex);
        if (m_thread.joinable()) {
            m_thread.join();
        }
        if (!m_failure.empty()) {
            throw EngineError(fmt::format("{}: {}", m_svc.name, std::exchange(m_failure, {})));
        }
    }

private:
    engine::Engine& m_engine;
    const compose::Service& m_svc;
    std::string m_id;
    report::Reporter& m_reporter;
    std::mutex m_mutex;
    std::thread m_thread;
    std::string m_failure;
};

struct Watched {
    std::vector<Followed> followed;
    std::string runner_id;  // the runner's container; empty without one
};

// The containers to follow: the runner's, and with abort_on_container_exit every running one (a
// task that completed while the services started is no exit that ends the watch).
Watched watched_containers(engine::Engine& engine, const plan::Plan& plan, const WatchRequest& request) {
    Watched out;
    for (const auto& sp : plan.services) {
        bool is_runner = sp.service == request.exit_code_from;
        auto state = engine.inspect_container(sp.container.name);
        if (!state) {
            if (is_runner) {
                throw EngineError(fmt::format("{}: {}", sp.service, state.error().message));
            }
            continue;  // not created (not selected), or gone: nothing to follow
        }
        if (is_runner) {
            out.runner_id = state->id;
        }
        if (is_runner || (request.abort_on_container_exit && state->running)) {
            out.followed.push_back(Followed{sp.service, state->id, state->tty});
        }
    }
    return out;
}

}  // namespace

WatchOutcome watch_until_exit(engine::Engine& engine, const plan::Plan& plan, const compose::Project& project,
                              const WatchRequest& request, std::FILE* out, const util::StopToken& stop,
                              report::Reporter& reporter) {
    const std::string& runner = request.exit_code_from;
    auto [followed, runner_id] = watched_containers(engine, plan, request);
    WatchOutcome outcome;
    outcome.decided = runner;
    if (followed.empty()) {
        reporter.note("no service is running: nothing to wait for");
        return outcome;
    }
    std::optional<RunnerStop> runner_stop;
    if (!runner.empty()) {
        runner_stop.emplace(engine, *project.find(runner), runner_id, reporter);
    }
    std::mutex mutex;  // guards outcome.exited
    std::atomic<bool> other_exited{false};
    // The first exit ends the watch, unless the runner is still to be stopped: then its own end does.
    auto on_end = [&](const std::string& service) {
        std::lock_guard lock(mutex);
        if (outcome.exited.empty()) {
            outcome.exited = service;
        }
        other_exited = other_exited || service != runner;
        return runner.empty() || service == runner;
    };
    auto stopping = [&] {
        if (!runner_stop) {
            return stop.stop_requested();
        }
        if (stop.stop_requested()) {
            runner_stop->begin("interrupted: ");
        } else if (other_exited) {
            std::lock_guard lock(mutex);
            runner_stop->begin(outcome.exited + " exited (--abort-on-container-exit): ");
        }
        return false;  // the runner's stream ends once it has stopped
    };
    follow_logs(engine, followed, out, stopping, on_end);
    if (runner_stop) {
        runner_stop->finish();
    }
    if (outcome.exited.empty()) {
        return outcome;  // interrupted, no runner
    }
    outcome.decided = runner.empty() ? outcome.exited : runner;
    const Followed& ended = *std::find_if(followed.begin(), followed.end(),
                                          [&](const Followed& f) { return f.service == outcome.decided; });
    outcome.exit_code = exit_code_of(engine, ended.service, ended.container_id, stop);
    reporter.note(fmt::format("{} exited with code {}", ended.service, outcome.exit_code));
    return outcome;
}

}  // namespace dtx::start
