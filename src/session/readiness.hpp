#pragma once
// How dtx decides that a service is ready (DESIGN.md "Readiness"): the strategy is chosen when the
// run is planned, from x-dtx.wait, the service's kind, its healthcheck and its published ports, and
// the probe is built from it once the container runs.

#include "engine/engine.hpp"
#include "engine/types.hpp"
#include "probe/http_probe.hpp"
#include "probe/kind.hpp"
#include "probe/probe.hpp"
#include "session/connection_env.hpp"
#include "spec/model.hpp"
#include "util/clock.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dtx::session {

struct WaitPlan {
    // tcp, http, log, exec, postgres, mysql, redis, memcached, healthcheck, running (nothing to
    // connect to: the container runs), all
    std::string strategy;
    std::string origin;                // why this one: "x-dtx.wait", "kind", "healthcheck", "ports", "no ports"
    std::vector<std::uint16_t> ports;  // container ports it connects to: each one for tcp, else one
    probe::HttpCheck http;             // http
    std::string regex;                 // log
    int occurrences = 1;               // log
    std::vector<std::string> command;  // exec, healthcheck: the argv run in the container
    probe::Credentials credentials;    // postgres, mysql, redis
    std::vector<WaitPlan> all;         // all

    // "postgres on 5432", "tcp on 80, 443", "http GET /health on 8080", "all(tcp on 80; log /up/)"
    std::string describe() const;
};

// Container ports that x-dtx.wait names explicitly; the plan publishes them even when the service
// does not, so that dtx can reach them.
std::vector<std::uint16_t> wait_ports(const spec::WaitStrategy& wait);

// Login data of `kind` from the service's environment and command, as its official image reads them.
probe::Credentials credentials_of(const spec::Service& svc, probe::Kind kind);

// The kind a strategy name stands for ("postgres" → postgres), generic for the others.
probe::Kind strategy_kind(const std::string& strategy);

// By precedence: x-dtx.wait; else the native probe of `kind` on `main_port`; else the healthcheck
// (run by dtx through exec); else tcp on every published tcp port; else "running".
// `ports` are the container's published ports (x-dtx.wait's included). Throws SpecError (at the
// service's location) when x-dtx.wait needs something the service lacks: a port, a healthcheck.
WaitPlan plan_wait(const spec::Service& svc, probe::Kind kind, std::optional<std::uint16_t> main_port,
                   const std::vector<engine::PortSpec>& ports,
                   const std::optional<engine::HealthcheckSpec>& healthcheck);

// The probe of `plan` for the started container `container_id`, reached through `endpoint`.
// Throws EngineError when a port the plan connects to was not published.
std::unique_ptr<probe::Probe> make_wait_probe(const WaitPlan& plan, engine::Engine& engine, util::Clock& clock,
                                              const ServiceEndpoint& endpoint, const std::string& container_id);

}  // namespace dtx::session
