#include "plan/readiness.hpp"

#include "probe/healthcheck_probe.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace dtx::plan {

namespace {

// What HTTP kinds answer once they serve: minio and dynamodb-local refuse "/" (403, 400) but answer.
probe::HttpCheck kind_http_check() {
    probe::HttpCheck check;
    check.status = probe::k_any_answer;
    return check;
}

[[noreturn]] void refuse(const compose::Service& svc, const std::string& what) {
    throw SpecError(fmt::format("{}:{}:{}: services.{}.x-dtx.wait: {}", svc.location.file, svc.location.line,
                                svc.location.column, svc.name, what));
}

std::vector<std::uint16_t> published_tcp(const std::vector<engine::PortConfig>& ports) {
    std::vector<std::uint16_t> out;
    for (const auto& p : ports) {
        if (p.protocol == "tcp" && std::find(out.begin(), out.end(), p.container_port) == out.end()) {
            out.push_back(p.container_port);
        }
    }
    return out;
}

struct Resolver {
    const compose::Service& svc;
    std::optional<std::uint16_t> main_port;
    const std::vector<engine::PortConfig>& ports;
    const std::optional<engine::HealthcheckConfig>& healthcheck;

    std::uint16_t one_port(const compose::WaitStrategy& w) const {
        if (w.port) {
            return *w.port;
        }
        if (!main_port) {
            refuse(svc, fmt::format("{} needs a port to connect to and {} publishes none; add one under ports "
                                    "(e.g. ports: [\"8080\"]) or give the strategy one ({{{}: {{port: 8080}}}})",
                                    w.kind, svc.name, w.kind));
        }
        return *main_port;
    }

    std::optional<std::vector<std::string>> healthcheck_command() const {
        return healthcheck ? probe::healthcheck_command(healthcheck->test) : std::nullopt;
    }

    WaitPlan from_spec(const compose::WaitStrategy& w) const {
        WaitPlan p;
        p.strategy = w.kind;
        p.origin = "x-dtx.wait";
        if (w.kind == "all") {
            for (const auto& inner : w.all) {
                p.all.push_back(from_spec(inner));
            }
        } else if (w.kind == "tcp") {
            p.ports = w.port ? std::vector<std::uint16_t>{*w.port} : published_tcp(ports);
            if (p.ports.empty()) {
                refuse(svc, fmt::format("tcp needs a port to connect to and {} publishes none; add one under ports "
                                        "or give the strategy one ({{tcp: {{port: 8080}}}})",
                                        svc.name));
            }
        } else if (w.kind == "http") {
            p.ports = {one_port(w)};
            p.http.method = w.method;
            p.http.path = w.path;
            p.http.status = w.status;
            p.http.body_regex = w.body;
            p.http.https = w.https;
            p.http.insecure = w.insecure;
        } else if (w.kind == "log") {
            p.regex = w.regex;
            p.occurrences = w.occurrences;
        } else if (w.kind == "exec") {
            p.command = w.command;
        } else if (w.kind == "healthcheck") {
            auto command = healthcheck_command();
            if (!command) {
                refuse(svc, fmt::format("healthcheck: {} has no healthcheck test dtx can run; add one "
                                        "(healthcheck: {{test: [\"CMD\", \"…\"]}}) or choose another strategy",
                                        svc.name));
            }
            p.command = *command;
        } else {  // postgres, mysql, redis, memcached
            p.ports = {one_port(w)};
            p.credentials = credentials_of(svc, strategy_kind(w.kind));
        }
        return p;
    }

    WaitPlan by_precedence(kind::Kind kind) const {
        WaitPlan p;
        if (kind != kind::Kind::generic && main_port) {
            p.origin = "kind";
            p.ports = {*main_port};
            if (kind::speaks_http(kind)) {
                p.strategy = "http";
                p.http = kind_http_check();
            } else {
                p.strategy = kind::kind_name(kind);
                p.credentials = credentials_of(svc, kind);
            }
        } else if (auto command = healthcheck_command()) {
            p.strategy = "healthcheck";
            p.origin = "healthcheck";
            p.command = *command;
        } else if (auto tcp = published_tcp(ports); !tcp.empty()) {
            p.strategy = "tcp";
            p.origin = "ports";
            p.ports = tcp;
        } else {
            p.strategy = "running";
            p.origin = "no ports";
        }
        return p;
    }
};

std::string ports_text(const std::vector<std::uint16_t>& ports) {
    std::vector<std::string> words;
    words.reserve(ports.size());
    for (auto p : ports) {
        words.push_back(std::to_string(p));
    }
    return util::join(words, ", ");
}

}  // namespace

std::string WaitPlan::describe() const {
    if (strategy == "all") {
        std::vector<std::string> parts;
        for (const auto& inner : all) {
            parts.push_back(inner.describe());
        }
        return "all(" + util::join(parts, "; ") + ")";
    }
    if (strategy == "http") {
        return fmt::format("http {} {} on {}", http.method, http.path, ports_text(ports));
    }
    if (strategy == "log") {
        return occurrences > 1 ? fmt::format("log /{}/ x{}", regex, occurrences) : fmt::format("log /{}/", regex);
    }
    if (strategy == "exec") {
        return "exec " + util::join(command);
    }
    return ports.empty() ? strategy : fmt::format("{} on {}", strategy, ports_text(ports));
}

std::vector<std::uint16_t> wait_ports(const compose::WaitStrategy& wait) {
    std::vector<std::uint16_t> out;
    if (wait.port) {
        out.push_back(*wait.port);
    }
    for (const auto& inner : wait.all) {
        auto more = wait_ports(inner);
        out.insert(out.end(), more.begin(), more.end());
    }
    return out;
}

kind::Credentials credentials_of(const compose::Service& svc, kind::Kind kind) {
    std::map<std::string, std::string> env;
    for (const auto& [k, v] : svc.environment) {
        if (v) {
            env[k] = *v;
        }
    }
    return kind::credentials_for(kind, env, svc.command.value_or(std::vector<std::string>{}), svc.image);
}

kind::Kind strategy_kind(const std::string& strategy) {
    auto kind = kind::kind_named(strategy);
    return kind && !kind::speaks_http(*kind) ? *kind : kind::Kind::generic;
}

WaitPlan plan_wait(const compose::Service& svc, kind::Kind kind, std::optional<std::uint16_t> main_port,
                   const std::vector<engine::PortConfig>& ports,
                   const std::optional<engine::HealthcheckConfig>& healthcheck) {
    Resolver r{svc, main_port, ports, healthcheck};
    return svc.dtx.wait ? r.from_spec(*svc.dtx.wait) : r.by_precedence(kind);
}

}  // namespace dtx::plan
