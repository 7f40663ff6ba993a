#include "session/start.hpp"

#include "probe/probes.hpp"
#include "session/network.hpp"
#include "probe/running_probe.hpp"
#include "probe/waiter.hpp"
#include "util/error.hpp"
#include "util/signals.hpp"

#include <fmt/format.h>
#include <atomic>
#include <future>
#include <map>
#include <set>

namespace dtx::session {

namespace {

constexpr int k_log_lines_on_failure = 30;
constexpr auto k_completion_poll = std::chrono::milliseconds(50);

struct Started {
    std::string container_id;
    ServiceEndpoint endpoint;
    std::shared_future<probe::WaitOutcome> ready;
};

void check_interrupted() {
    if (util::interrupted()) {
        throw Interrupted(util::received_signal());
    }
}

// Why waiting on this container is pointless now, if it is.
std::optional<std::string> stop_reason(engine::Engine& engine, const std::string& id, const std::atomic<bool>& cancel) {
    if (util::interrupted()) {
        return "interrupted";
    }
    if (cancel) {
        return "cancelled: another service failed";
    }
    auto state = engine.inspect_container(id);
    if (!state) {
        return state.error().code == util::Errc::not_found ? std::optional<std::string>("the container was removed")
                                                           : std::nullopt;
    }
    if (state->oom_killed) {
        return "the container was killed for running out of memory (OOM)";
    }
    if (!state->running && state->status != "created") {
        return fmt::format("the container exited with code {}", state->exit_code);
    }
    return std::nullopt;
}

ServiceEndpoint endpoint_of(const ServicePlan& sp, const spec::Service& svc, const engine::ContainerState& state) {
    ServiceEndpoint e;
    e.service = sp.service;
    e.kind = sp.kind;
    e.host = "127.0.0.1";
    e.main_port = sp.main_port;
    std::map<std::string, std::string> env;
    for (const auto& [k, v] : svc.environment) {
        if (v) {
            env[k] = *v;
        }
    }
    e.credentials = probe::credentials_for(sp.kind, env, svc.command.value_or(std::vector<std::string>{}));
    for (const auto& p : state.ports) {
        if (p.protocol != "tcp" || p.host_port == 0 || e.tcp_ports.count(p.container_port) != 0) {
            continue;
        }
        e.tcp_ports[p.container_port] = p.host_port;
        bool wildcard = p.host_ip.empty() || p.host_ip == "0.0.0.0" || p.host_ip == "::";
        if (p.container_port == sp.main_port && !wildcard) {
            e.host = p.host_ip;
        }
    }
    return e;
}

class Starter {
public:
    Starter(const StartContext& ctx, const Plan& plan, const spec::Project& project)
        : m_ctx(ctx), m_plan(plan), m_project(project), m_begin(ctx.clock.now()) {
        for (const auto& sp : plan.services) {
            for (const auto& dep : sp.depends_on) {
                if (dep.condition == spec::Condition::completed_successfully) {
                    m_one_shot.insert(dep.service);
                }
            }
        }
    }

    // Waiters still polling must stop before their futures are destroyed (which blocks on them).
    ~Starter() { m_cancel = true; }
    Starter(const Starter&) = delete;
    Starter& operator=(const Starter&) = delete;

    std::vector<ServiceEndpoint> run() {
        create_network();
        for (const auto& sp : m_plan.services) {
            check_interrupted();
            await_dependencies(sp);
            start(sp);
        }
        std::vector<ServiceEndpoint> endpoints;
        for (const auto& sp : m_plan.services) {
            const Started& s = m_started.at(sp.service);
            require_ready(sp.service, s);
            endpoints.push_back(s.endpoint);
        }
        return endpoints;
    }

private:
    void create_network() {
        create_run_network(m_ctx.engine, m_plan);
        m_ctx.tracker.network_created(m_plan.network);
    }

    void await_dependencies(const ServicePlan& sp) {
        for (const auto& dep : sp.depends_on) {
            const Started& d = m_started.at(dep.service);
            if (dep.condition == spec::Condition::healthy) {
                require_ready(dep.service, d);
            } else if (dep.condition == spec::Condition::completed_successfully) {
                await_completion(sp.service, dep.service, d);
            }
        }
    }

    void await_completion(const std::string& service, const std::string& dep, const Started& d) {
        auto timeout = m_plan.find(dep)->wait_timeout;
        auto deadline = m_ctx.clock.now() + timeout;
        for (;;) {
            check_interrupted();
            auto state = m_ctx.engine.inspect_container(d.container_id);
            if (!state) {
                throw EngineError(fmt::format("{} waits for {} to complete: {}", service, dep, state.error().message));
            }
            if (!state->running && state->status != "created") {
                if (state->exit_code == 0) {
                    return;
                }
                fail(dep,
                     fmt::format("exited with code {}, and {} needs it to complete successfully", state->exit_code,
                                 service),
                     d.container_id);
            }
            if (m_ctx.clock.now() >= deadline) {
                fail(dep, fmt::format("did not complete within {} s", timeout.count() / 1000), d.container_id);
            }
            m_ctx.clock.sleep_for(k_completion_poll);
        }
    }

    void start(const ServicePlan& sp) {
        auto& engine = m_ctx.engine;
        auto id = engine.create_container(sp.container);
        if (!id) {
            throw EngineError(fmt::format("{}: {}", sp.service, id.error().message));
        }
        m_ctx.tracker.container_created(id.value());
        if (auto status = engine.start_container(id.value()); !status) {
            throw EngineError(fmt::format("{}: {}", sp.service, status.error().message));
        }
        auto state = engine.inspect_container(id.value());
        if (!state) {
            throw EngineError(fmt::format("{}: {}", sp.service, state.error().message));
        }
        m_ctx.reporter.service(sp.service, Phase::started, m_ctx.clock.now() - m_begin, sp.container.image);
        Started s{id.value(), endpoint_of(sp, *m_project.find(sp.service), state.value()), {}};
        if (m_one_shot.count(sp.service) != 0) {
            // A task others wait to complete: its exit, checked by each dependant, is its readiness.
            std::promise<probe::WaitOutcome> done;
            done.set_value(probe::WaitOutcome{true, "", {}, 0});
            s.ready = done.get_future().share();
        } else {
            s.ready = std::async(std::launch::async, [this, &sp, endpoint = s.endpoint, cid = s.container_id] {
                          return wait(sp, endpoint, cid);
                      }).share();
        }
        m_started.emplace(sp.service, std::move(s));
    }

    probe::WaitOutcome wait(const ServicePlan& sp, const ServiceEndpoint& endpoint, const std::string& id) {
        std::unique_ptr<probe::Probe> p;
        auto it = sp.main_port ? endpoint.tcp_ports.find(*sp.main_port) : endpoint.tcp_ports.end();
        if (it != endpoint.tcp_ports.end()) {
            p = probe::probe_for(sp.kind, probe::Address{endpoint.host, it->second}, endpoint.credentials);
        } else {
            p = probe::running_probe(m_ctx.engine, id);
        }
        probe::WaitOptions options;
        options.timeout = sp.wait_timeout;
        auto outcome =
            probe::wait_until_ready(*p, m_ctx.clock, options, [&] { return stop_reason(m_ctx.engine, id, m_cancel); });
        if (outcome.ready) {
            m_ctx.reporter.service(sp.service, Phase::ready, m_ctx.clock.now() - m_begin, p->name());
        }
        return outcome;
    }

    void require_ready(const std::string& service, const Started& s) {
        const probe::WaitOutcome& outcome = s.ready.get();
        if (outcome.ready) {
            return;
        }
        check_interrupted();
        fail(service, outcome.reason, s.container_id);
    }

    [[noreturn]] void fail(const std::string& service, const std::string& reason, const std::string& id) {
        m_ctx.reporter.service(service, Phase::failed, m_ctx.clock.now() - m_begin, reason);
        auto logs = m_ctx.engine.logs(id, k_log_lines_on_failure);
        if (logs) {
            m_ctx.reporter.service_logs(service, logs.value());
        }
        throw ReadinessError(fmt::format("{}: {}", service, reason));
    }

    const StartContext& m_ctx;
    const Plan& m_plan;
    const spec::Project& m_project;
    util::TimePoint m_begin;
    std::set<std::string> m_one_shot;   // services some dependant waits to complete successfully
    std::atomic<bool> m_cancel{false};  // before m_started: outlives the waiters that read it
    std::map<std::string, Started> m_started;
};

}  // namespace

std::vector<ServiceEndpoint> start_services(const StartContext& ctx, const Plan& plan, const spec::Project& project) {
    return Starter(ctx, plan, project).run();
}

}  // namespace dtx::session
