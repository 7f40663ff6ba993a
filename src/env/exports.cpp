#include "env/exports.hpp"

#include "compose/template.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>

namespace dtx::env {

namespace {

std::optional<std::string> lookup(const EnvList& env, const std::string& key) {
    auto it = std::find_if(env.begin(), env.end(), [&](const auto& entry) { return entry.first == key; });
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::optional<std::string> published(const ServiceEndpoint& e, std::string_view container_port) {
    unsigned port = 0;
    std::from_chars(container_port.data(), container_port.data() + container_port.size(), port);
    auto it = e.tcp_ports.find(static_cast<std::uint16_t>(port));
    return it == e.tcp_ports.end() ? std::nullopt : std::optional<std::string>(std::to_string(it->second));
}

// The value of a placeholder in a service's template; nullopt when it has none.
std::optional<std::string> service_value(const compose::Service& svc, const ServiceEndpoint& e,
                                         const std::string& run_id, const std::string& placeholder) {
    if (placeholder == "host") {
        return e.host;
    }
    if (placeholder == "port") {
        auto port = main_host_port(e);
        return port ? std::optional<std::string>(std::to_string(*port)) : std::nullopt;
    }
    if (placeholder.starts_with("port:")) {
        return published(e, std::string_view(placeholder).substr(5));
    }
    if (placeholder.starts_with("env:")) {
        auto it = svc.environment.find(placeholder.substr(4));
        return it == svc.environment.end() ? std::nullopt : it->second;
    }
    if (placeholder == "service") {
        return svc.name;
    }
    if (placeholder == "run") {
        return run_id;
    }
    return std::nullopt;
}

// "5432->49153, 8080->49154", or "none": what a port placeholder could have named.
std::string published_ports(const ServiceEndpoint& e) {
    std::string out;
    for (const auto& [container, host] : e.tcp_ports) {
        out += fmt::format("{}{}->{}", out.empty() ? "" : ", ", container, host);
    }
    return out.empty() ? "none" : out;
}

// The expanded template; throws SpecError at `path` when a placeholder has no value, adding
// `hint(placeholder)` to say what there is.
using Values = std::function<std::optional<std::string>(const std::string&)>;
std::string expand(const std::string& path, const std::string& text, const Values& value,
                   const std::function<std::string(const std::string&)>& hint) {
    std::string missing;
    auto out = compose::expand_template(text, [&](const std::string& p) {
        auto v = value(p);
        missing = v ? "" : p;
        return v;
    });
    if (!out) {
        throw SpecError(fmt::format("{}: {}{}", path, out.error().message, missing.empty() ? "" : hint(missing)));
    }
    return out.value();
}

}  // namespace

void apply_exports(const compose::Project& project, const std::string& run_id,
                   const std::vector<ServiceEndpoint>& endpoints, const util::EnvLookup& caller, EnvList& env) {
    for (const auto& svc : project.services) {
        auto e = std::find_if(endpoints.begin(), endpoints.end(),
                              [&](const ServiceEndpoint& endpoint) { return endpoint.service == svc.name; });
        if (e == endpoints.end()) {
            continue;  // not running: nothing to reach
        }
        for (const auto& [name, text] : svc.dtx.exports) {
            std::string path = fmt::format("services.{}.x-dtx.export.{}", svc.name, name);
            auto value = [&](const std::string& p) { return service_value(svc, *e, run_id, p); };
            auto hint = [&](const std::string& p) {
                return p.starts_with("port") ? fmt::format("; the service publishes {}", published_ports(*e))
                                             : std::string();
            };
            set_var(env, name, expand(path, text, value, hint));
        }
    }
    for (const auto& [name, text] : project.exports) {
        auto value = [&](const std::string& p) -> std::optional<std::string> {
            if (p == "run") {
                return run_id;
            }
            auto set = lookup(env, p.substr(4));  // env:NAME, the only other one allowed here
            return set || !caller ? set : caller(p.substr(4));
        };
        auto hint = [](const std::string&) { return std::string("; neither dtx nor the calling environment sets it"); };
        set_var(env, name, expand("x-dtx.export." + name, text, value, hint));
    }
}

ConnectionEnv command_env(const compose::Project& project, const std::string& run_id, const std::string& network,
                          const std::vector<ServiceEndpoint>& endpoints, const util::EnvLookup& caller) {
    ConnectionEnv out = explain_connection_env(run_id, network, endpoints);
    apply_exports(project, run_id, endpoints, caller, out.vars);
    return out;
}

}  // namespace dtx::env
