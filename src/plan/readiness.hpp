#pragma once
// How dtx decides that a service is ready (man/dtx.1, READINESS): the strategy is chosen when the
// run is planned, from x-dtx.wait, the service's kind, its healthcheck and its published ports;
// start/wait_probe.hpp builds the probe from it once the container runs.

#include "compose/model.hpp"
#include "engine/types.hpp"
#include "kind/kind.hpp"
#include "probe/http_probe.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dtx::plan {

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
    kind::Credentials credentials;     // postgres, mysql, redis
    std::vector<WaitPlan> all;         // all

    // "postgres on 5432", "tcp on 80, 443", "http GET /health on 8080", "all(tcp on 80; log /up/)"
    std::string describe() const;
};

// Container ports that x-dtx.wait names explicitly; the plan publishes them even when the service
// does not, so that dtx can reach them.
std::vector<std::uint16_t> wait_ports(const compose::WaitStrategy& wait);

// Login data of `kind` from the service's environment and command, as its official image reads them.
kind::Credentials credentials_of(const compose::Service& svc, kind::Kind kind);

// The kind a strategy name stands for ("postgres" → postgres), generic for the others.
kind::Kind strategy_kind(const std::string& strategy);

// By precedence: x-dtx.wait; else the native probe of `kind` on `main_port`; else the healthcheck
// (run by dtx through exec); else tcp on every published tcp port; else "running".
// `ports` are the container's published ports (x-dtx.wait's included). Throws SpecError (at the
// service's location) when x-dtx.wait needs something the service lacks: a port, a healthcheck.
WaitPlan plan_wait(const compose::Service& svc, kind::Kind kind, std::optional<std::uint16_t> main_port,
                   const std::vector<engine::PortConfig>& ports,
                   const std::optional<engine::HealthcheckConfig>& healthcheck);

}  // namespace dtx::plan
