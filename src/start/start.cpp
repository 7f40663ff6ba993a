#include "start/start.hpp"

#include "init/init.hpp"
#include "plan/readiness.hpp"
#include "probe/waiter.hpp"
#include "start/external_resources.hpp"
#include "start/network.hpp"
#include "start/port_clash.hpp"
#include "start/running_services.hpp"
#include "start/verbose_log.hpp"
#include "start/wait_probe.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace dtx::start {

namespace {

constexpr int k_log_lines_on_failure = 20;
constexpr auto k_completion_poll = std::chrono::milliseconds(50);
constexpr auto k_interrupt_poll = std::chrono::milliseconds(50);
// While a probe polls every 10 ms, the container's state is asked for at most this often: an
// inspect per attempt would tax the engine while the services start.
constexpr auto k_state_poll = std::chrono::milliseconds(100);
constexpr auto k_port_clash_pause = std::chrono::milliseconds(100);
constexpr int k_start_attempts = 5;

// What is wrong with a container that should be running: it was OOM-killed, it exited, or the
// engine restarts it over and over.
std::optional<std::string> container_trouble(const engine::ContainerState& state) {
    if (state.oom_killed) {
        return fmt::format(
            "the container was killed for running out of memory (OOMKilled, exit code {}); raise "
            "its memory limit",
            state.exit_code);
    }
    if (state.restarting || state.restart_count > 0) {
        return fmt::format("the container keeps restarting ({} restart(s), last exit code {})", state.restart_count,
                           state.exit_code);
    }
    if (!state.running && state.status != "created") {
        return fmt::format("the container exited with code {}", state.exit_code);
    }
    return std::nullopt;
}

// Where a service is; each moves forward only, under Starter::m_mutex.
enum class State { waiting, started, ready, completed, failed };

struct Node {
    const plan::ServicePlan* plan = nullptr;
    std::size_t order = 0;  // in the plan: slowest to become ready first
    bool one_shot = false;  // some dependant waits for it to complete successfully
    // Nothing needs it to keep running (no dependant waits for it to be healthy, its readiness is
    // no explicit x-dtx.wait, it is of no server kind, it has no x-dtx.init): if it exits 0 before it is
    // seen ready, it has done its job (a test-runner, a seeding task), which is no failure.
    bool may_finish = false;
    bool finished = false;  // it exited 0 before it was seen ready, and may_finish
    // The runner (--exit-code-from) waits for every service it needs, directly or not, to be ready.
    std::set<std::string> needs;
    State state = State::waiting;
    bool launched = false;  // its container was created and started (or kept)
    bool kept = false;      // `dtx up` found its container in place
    std::string container_id;
    env::ServiceEndpoint endpoint;
};

// One thread per service: wait for the dependencies, create and start, wait until ready. The
// first failure is kept and cancels everything else.
class Starter {
public:
    Starter(const StartContext& ctx, const plan::Plan& plan, const compose::Project& project, const Existing& existing)
        : m_ctx(ctx), m_plan(plan), m_project(project), m_existing(existing), m_begin(ctx.clock.now()) {
        for (const auto& sp : plan.services) {
            Node& node = m_nodes[sp.service];
            node.plan = &sp;
            node.order = m_nodes.size() - 1;
        }
        for (const auto& sp : plan.services) {
            for (const auto& dep : sp.depends_on) {
                if (dep.condition == compose::Condition::completed_successfully && m_nodes.count(dep.service) != 0) {
                    m_nodes[dep.service].one_shot = true;
                }
            }
        }
        for (auto& [name, node] : m_nodes) {
            if (node.plan->runner) {
                node.needs = needed_by(name);
            }
            node.may_finish = !node.one_shot && !has_healthy_dependant(name) &&
                              node.plan->wait.origin != "x-dtx.wait" && node.plan->kind == kind::Kind::generic &&
                              project.find(name)->dtx.init.empty();
        }
    }

    std::vector<env::ServiceEndpoint> run() {
        init::check_init_kinds(m_project, m_plan);
        for (const auto& [name, node] : m_nodes) {
            if (node.one_shot && !m_project.find(name)->dtx.init.empty()) {
                m_ctx.reporter.warning(fmt::format(
                    "{}: x-dtx.init is not run: {} wait(s) for it to complete successfully, so it runs as a task", name,
                    dependants_waiting_for(name)));
            }
        }
        require_external_resources(m_ctx.engine, m_project);
        if (!m_existing.network) {
            create_run_network(m_ctx.engine, m_plan);
            m_ctx.tracker.network_created(m_plan.network);
        }
        std::vector<std::thread> threads;
        threads.reserve(m_plan.services.size());
        for (const auto& sp : m_plan.services) {
            threads.emplace_back([this, &node = m_nodes.at(sp.service)] { bring_up(node); });
        }
        for (auto& t : threads) {
            t.join();
        }
        if (m_error) {
            std::rethrow_exception(m_error);
        }
        m_ctx.stop.throw_if_stopped();
        std::vector<env::ServiceEndpoint> endpoints;
        for (const auto& sp : m_plan.services) {
            endpoints.push_back(m_nodes.at(sp.service).endpoint);
        }
        return endpoints;
    }

private:
    void bring_up(Node& node) {
        try {
            if (!await_dependencies(node)) {
                return;
            }
            launch(node);
            if (node.plan->runner) {
                advance(node, State::started);  // never waited on: its exit code is the run's
                return;
            }
            bool ok =
                node.one_shot ? await_completion(node) : node.finished || (await_readiness(node) && initialise(node));
            if (ok) {
                if (node.finished) {
                    m_ctx.reporter.service(node.plan->service, report::Phase::ready, m_ctx.clock.now() - m_begin,
                                           "completed: exited with code 0");
                }
                advance(node, node.one_shot || node.finished ? State::completed : State::ready);
            }
        } catch (...) {
            std::lock_guard lock(m_mutex);
            node.state = State::failed;
            if (!m_error && !m_cancel) {
                m_error = std::current_exception();
            }
            m_cancel = true;
            m_changed.notify_all();
        }
    }

    bool stopping() const { return m_cancel || m_ctx.stop.stop_requested(); }

    static bool satisfies(State state, compose::Condition condition) {
        switch (condition) {
        case compose::Condition::started:
            return state == State::started || state == State::ready || state == State::completed;
        case compose::Condition::healthy:
            return state == State::ready || state == State::completed;
        case compose::Condition::completed_successfully:
            return state == State::completed;
        }
        return false;
    }

    // Under m_mutex: every dependency reached its condition. A dependency outside the plan
    // (required: false, or not selected) is not waited for.
    bool dependencies_met(const Node& node) const {
        if (node.plan->runner) {
            return std::all_of(node.needs.begin(), node.needs.end(), [&](const std::string& service) {
                auto it = m_nodes.find(service);
                return it == m_nodes.end() || satisfies(it->second.state, compose::Condition::healthy);
            });
        }
        for (const auto& dep : node.plan->depends_on) {
            auto it = m_nodes.find(dep.service);
            if (it != m_nodes.end() && !satisfies(it->second.state, dep.condition)) {
                return false;
            }
        }
        return true;
    }

    // Under m_mutex: no service before this one in the plan is free to start and not started yet.
    // Services free at the same moment are created and started one after the other, slowest to
    // become ready first: the engine does not start two containers faster than one after the
    // other, and the first one (the critical path) is up ~150 ms sooner (bench/ready.sh).
    bool my_turn(const Node& node) const {
        return std::none_of(m_nodes.begin(), m_nodes.end(), [&](const auto& entry) {
            const Node& other = entry.second;
            return other.order < node.order && !other.launched && other.state == State::waiting &&
                   dependencies_met(other);
        });
    }

    // Blocks until every dependency reached its condition and it is this service's turn (true), or
    // the run is stopping (false).
    bool await_dependencies(const Node& node) {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (stopping()) {
                return false;
            }
            if (dependencies_met(node) && my_turn(node)) {
                return true;
            }
            // Signals do not notify the condition variable: look at them now and then.
            m_changed.wait_for(lock, k_interrupt_poll);
        }
    }

    void advance(Node& node, State state) {
        std::lock_guard lock(m_mutex);
        node.state = state;
        m_changed.notify_all();
    }

    void launch(Node& node) {
        const plan::ServicePlan& sp = *node.plan;
        auto& engine = m_ctx.engine;
        auto kept = m_existing.containers.find(sp.service);
        if (kept != m_existing.containers.end()) {
            node.kept = true;
            node.container_id = kept->second;
            auto before = engine.inspect_container(node.container_id);
            if (!before) {
                throw EngineError(fmt::format("{}: {}", sp.service, before.error().message));
            }
            if (!before->running) {
                start_container(sp, node.container_id);
            }
        } else {
            auto id = engine.create_container(sp.container);
            if (!id) {
                throw EngineError(fmt::format("{}: {}", sp.service, id.error().message));
            }
            m_ctx.tracker.container_created(id.value());
            node.container_id = id.value();
            m_ctx.reporter.service(sp.service, report::Phase::created, m_ctx.clock.now() - m_begin, "");
            start_container(sp, node.container_id);
        }
        {
            std::lock_guard lock(m_mutex);
            node.launched = true;
            m_changed.notify_all();
        }
        auto state = engine.inspect_container(node.container_id);
        if (!state) {
            throw EngineError(fmt::format("{}: {}", sp.service, state.error().message));
        }
        node.endpoint = container_endpoint(sp, *m_project.find(sp.service), state.value());
        node.endpoint.container_id = node.container_id;
        log_service_decisions(sp, *m_project.find(sp.service), state.value());
        m_ctx.reporter.service(sp.service, report::Phase::started, m_ctx.clock.now() - m_begin,
                               sp.container.image + (kept == m_existing.containers.end() ? "" : " (kept)"));
        if (!node.one_shot && !sp.runner) {  // a task is meant to exit, a runner may
            m_ctx.reporter.service(sp.service, report::Phase::waiting, m_ctx.clock.now() - m_begin, sp.wait.describe());
            // Exited already: fail now, before a probe looks for ports an exited container no longer has.
            if (auto trouble = trouble_of(node, state.value())) {
                fail(node, *trouble);
            }
        }
        advance(node, State::started);
    }

    // Another run starting at the same moment can take the host port the engine picked for us;
    // starting again picks another one. A fixed host port stays taken: that fails at once.
    void start_container(const plan::ServicePlan& sp, const std::string& id) {
        for (int attempt = 1;; ++attempt) {
            auto status = m_ctx.engine.start_container(id);
            if (status) {
                return;
            }
            const std::string& message = status.error().message;
            if (!is_port_clash(message) || stopping()) {
                throw EngineError(fmt::format("{}: {}", sp.service, message));
            }
            if (auto fixed = fixed_port_in_clash(sp.container.ports, message)) {
                throw EngineError(fixed_port_clash_message(m_ctx.engine, sp.service, *fixed));
            }
            if (attempt == k_start_attempts) {
                throw EngineError(fmt::format("{}: no free host port in {} attempts ({})", sp.service, attempt,
                                              port_clash_detail(message)));
            }
            if (attempt == 1) {
                m_ctx.reporter.note(
                    fmt::format("{}: its ephemeral host port was taken meanwhile; starting again", sp.service));
            }
            m_ctx.clock.sleep_for(k_port_clash_pause * attempt);
        }
    }

    bool await_completion(const Node& node) {
        const plan::ServicePlan& sp = *node.plan;
        auto deadline = m_ctx.clock.now() + sp.wait_timeout;
        for (;;) {
            if (stopping()) {
                return false;
            }
            auto state = m_ctx.engine.inspect_container(node.container_id);
            if (!state) {
                throw EngineError(fmt::format("{}: {}", sp.service, state.error().message));
            }
            if (!state->running && state->status != "created") {
                if (state->exit_code == 0) {
                    m_ctx.reporter.service(sp.service, report::Phase::ready, m_ctx.clock.now() - m_begin, "completed");
                    return true;
                }
                fail(node, fmt::format("exited with code {}, and {} need(s) it to complete successfully",
                                       state->exit_code, dependants_waiting_for(sp.service)));
            }
            if (m_ctx.clock.now() >= deadline) {
                fail(node, fmt::format("did not complete within {} s", sp.wait_timeout.count() / 1000));
            }
            m_ctx.clock.sleep_for(k_completion_poll);
        }
    }

    // The services `service` depends on, directly or through others.
    std::set<std::string> needed_by(const std::string& service) const {
        std::set<std::string> needs;
        std::vector<std::string> todo = {service};
        while (!todo.empty()) {
            const plan::ServicePlan* sp = m_plan.find(todo.back());
            todo.pop_back();
            if (sp == nullptr) {
                continue;  // not selected
            }
            for (const auto& dep : sp->depends_on) {
                if (needs.insert(dep.service).second) {
                    todo.push_back(dep.service);
                }
            }
        }
        return needs;
    }

    bool has_healthy_dependant(const std::string& service) const {
        return std::any_of(m_plan.services.begin(), m_plan.services.end(), [&](const plan::ServicePlan& sp) {
            return std::any_of(sp.depends_on.begin(), sp.depends_on.end(), [&](const auto& dep) {
                return dep.service == service && dep.condition == compose::Condition::healthy;
            });
        });
    }

    // What is wrong with `node`'s container in `state`, if anything. An exit with code 0 is not
    // trouble for a service that may finish: it is marked finished instead.
    std::optional<std::string> trouble_of(Node& node, const engine::ContainerState& state) {
        if (node.may_finish && !state.running && state.status != "created" && state.exit_code == 0 &&
            !state.oom_killed && state.restart_count == 0 && !state.restarting) {
            node.finished = true;
            return std::nullopt;
        }
        return container_trouble(state);
    }

    // Why waiting on `node`'s container is pointless now, if it is; its state is asked for only when
    // `look`. A finished container (trouble_of) stops the wait too: "finished".
    std::optional<std::string> stop_reason(Node& node, bool look) {
        if (m_ctx.stop.stop_requested()) {
            return "interrupted";
        }
        if (m_cancel) {
            return "cancelled: another service failed";
        }
        if (!look) {
            return std::nullopt;
        }
        auto state = m_ctx.engine.inspect_container(node.container_id);
        if (!state) {
            return state.error().code == util::Errc::not_found ? std::optional<std::string>("the container was removed")
                                                               : std::nullopt;
        }
        auto trouble = trouble_of(node, *state);
        return node.finished ? std::optional<std::string>("finished") : trouble;
    }

    std::string dependants_waiting_for(const std::string& service) const {
        std::string names;
        for (const auto& sp : m_plan.services) {
            for (const auto& dep : sp.depends_on) {
                if (dep.service == service && dep.condition == compose::Condition::completed_successfully) {
                    names += (names.empty() ? "" : ", ") + sp.service;
                }
            }
        }
        return names;
    }

    bool await_readiness(Node& node) {
        const plan::ServicePlan& sp = *node.plan;
        auto p = m_ctx.make_probe
                     ? m_ctx.make_probe(sp, node.endpoint, node.container_id)
                     : make_wait_probe(sp.wait, m_ctx.engine, m_ctx.clock, node.endpoint, node.container_id);
        probe::WaitOptions options;
        options.timeout = sp.wait_timeout;
        options.on_not_ready = not_ready_logger(sp.service, m_ctx.clock);
        util::TimePoint next_look = m_ctx.clock.now();
        auto outcome = probe::wait_until_ready(*p, m_ctx.clock, options, [&] {
            bool look = m_ctx.clock.now() >= next_look;
            if (look) {
                next_look = m_ctx.clock.now() + k_state_poll;
            }
            return stop_reason(node, look);
        });
        if (node.finished) {
            return true;
        }
        if (outcome.ready) {
            m_ctx.reporter.service(sp.service, report::Phase::ready, m_ctx.clock.now() - m_begin, p->name());
            return true;
        }
        if (stopping()) {
            return false;  // not this service's failure
        }
        // The probe may have failed between two looks at the container: its state says more (exit code, OOM).
        auto why = stop_reason(node, true);
        if (node.finished) {
            return true;
        }
        fail(node, why ? *why : outcome.reason);
    }

    // x-dtx.init, between the service's readiness and its dependants' start (the node is not
    // `ready` yet). False when the run is stopping.
    bool initialise(const Node& node) {
        const compose::Service& svc = *m_project.find(node.plan->service);
        if (svc.dtx.init.empty() || node.kept) {
            return true;
        }
        init::InitContext ctx{m_ctx.engine,
                              m_ctx.reporter,
                              m_ctx.clock,
                              m_begin,
                              m_project.directory,
                              m_ctx.connect_sql,
                              [this] { return stopping(); },
                              [this] { return started_env(); },
                              m_ctx.stop};
        return init::run_init(ctx, svc, node.endpoint, node.container_id);
    }

    // The connection variables of every service started so far, for {run: …} steps.
    env::EnvList started_env() {
        std::vector<env::ServiceEndpoint> endpoints;
        {
            std::lock_guard lock(m_mutex);
            for (const auto& sp : m_plan.services) {
                const Node& n = m_nodes.at(sp.service);
                if (n.state == State::started || n.state == State::ready || n.state == State::completed) {
                    endpoints.push_back(n.endpoint);
                }
            }
        }
        return env::connection_env(m_plan.run_id, m_plan.network, endpoints);
    }

    [[noreturn]] void fail(const Node& node, const std::string& reason) {
        const std::string& service = node.plan->service;
        m_ctx.reporter.service(service, report::Phase::failed, m_ctx.clock.now() - m_begin, reason);
        auto logs = m_ctx.engine.logs(node.container_id, k_log_lines_on_failure);
        if (logs) {
            m_ctx.reporter.service_logs(service, logs.value());
        }
        throw ReadinessError(fmt::format("{}: {}", service, reason));
    }

    const StartContext& m_ctx;
    const plan::Plan& m_plan;
    const compose::Project& m_project;
    const Existing& m_existing;
    util::TimePoint m_begin;
    std::map<std::string, Node> m_nodes;  // by service; the map itself never changes after construction
    std::mutex m_mutex;
    std::condition_variable m_changed;  // some node's state changed, or the run is cancelled
    std::atomic<bool> m_cancel{false};
    std::exception_ptr m_error;  // the first failure
};

}  // namespace

std::vector<env::ServiceEndpoint> start_services(const StartContext& ctx, const plan::Plan& plan,
                                                 const compose::Project& project, const Existing& existing) {
    return Starter(ctx, plan, project, existing).run();
}

}  // namespace dtx::start
