#include "start/wait_probe.hpp"

#include "probe/address_probes.hpp"
#include "probe/all_probe.hpp"
#include "probe/exec_probe.hpp"
#include "probe/healthcheck_probe.hpp"
#include "probe/log_probe.hpp"
#include "probe/probe_target.hpp"
#include "probe/running_probe.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

namespace dtx::start {

namespace {

probe::Address address_of(const env::ServiceEndpoint& endpoint, std::uint16_t container_port) {
    auto it = endpoint.tcp_ports.find(container_port);
    if (it == endpoint.tcp_ports.end()) {
        throw EngineError(fmt::format("{}: container port {}/tcp has no published host port to probe", endpoint.service,
                                      container_port));
    }
    return probe::Address{endpoint.host, it->second};
}

}  // namespace

std::unique_ptr<probe::Probe> make_wait_probe(const plan::WaitPlan& plan, engine::Engine& engine, util::Clock& clock,
                                              const env::ServiceEndpoint& endpoint, const std::string& container_id) {
    const std::string& s = plan.strategy;
    if (s == "all" || (s == "tcp" && plan.ports.size() > 1)) {
        std::vector<std::unique_ptr<probe::Probe>> probes;
        if (s == "all") {
            for (const auto& inner : plan.all) {
                probes.push_back(make_wait_probe(inner, engine, clock, endpoint, container_id));
            }
            return probe::all_probe(std::move(probes));
        }
        for (auto port : plan.ports) {
            probes.push_back(probe::tcp_probe(address_of(endpoint, port)));
        }
        return probe::all_probe(std::move(probes), "tcp");
    }
    if (s == "log") {
        return probe::log_probe(probe::container_target(engine, container_id), plan.regex, plan.occurrences);
    }
    if (s == "exec") {
        return probe::exec_probe(probe::container_target(engine, container_id), clock, plan.command);
    }
    if (s == "healthcheck") {
        return probe::exec_probe(probe::container_target(engine, container_id), clock, plan.command, "healthcheck");
    }
    if (s == "running") {
        return probe::running_probe(probe::container_target(engine, container_id));
    }
    probe::Address address = address_of(endpoint, plan.ports.at(0));
    if (s == "http") {
        return probe::http_probe(std::move(address), plan.http);
    }
    if (s == "postgres") {
        return probe::postgres_probe(std::move(address), plan.credentials);
    }
    if (s == "mysql") {
        return probe::mysql_probe(std::move(address), plan.credentials);
    }
    if (s == "redis") {
        return probe::redis_probe(std::move(address), plan.credentials);
    }
    if (s == "memcached") {
        return probe::memcached_probe(std::move(address));
    }
    return probe::tcp_probe(std::move(address));
}

}  // namespace dtx::start
