#include "render/render.hpp"

#include "render/render_mask.hpp"
#include "vars/interpolate.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

namespace dtx::render {

using compose::Condition;
using compose::DtxService;
using compose::Healthcheck;
using compose::Millis;
using compose::Mount;
using compose::NamedResource;
using compose::PortMapping;
using compose::Project;
using compose::Resources;
using compose::Service;
using compose::Tmpfs;
using compose::WaitStrategy;
using nlohmann::json;

namespace {

std::string esc(const std::string& text) {
    return vars::escape_dollars(text);
}

json string_list(const std::vector<std::string>& items) {
    json out = json::array();
    for (const auto& item : items) {
        out.push_back(esc(item));
    }
    return out;
}

json string_map(const std::map<std::string, std::string>& items) {
    json out = json::object();
    for (const auto& [k, v] : items) {
        out[k] = esc(v);
    }
    return out;
}

const char* condition_name(Condition c) {
    switch (c) {
    case Condition::healthy:
        return "service_healthy";
    case Condition::completed_successfully:
        return "service_completed_successfully";
    case Condition::started:
        break;
    }
    return "service_started";
}

json port_json(const PortMapping& p) {
    json out = {{"mode", p.mode}, {"target", p.target}, {"protocol", p.protocol}};
    if (p.host_port != 0) {
        out["published"] = std::to_string(p.host_port);
    }
    if (!p.host_ip.empty()) {
        out["host_ip"] = p.host_ip;
    }
    return out;
}

json resources_json(const Resources& r) {
    json out = json::object();
    if (r.cpus) {
        out["cpus"] = *r.cpus;
    }
    if (r.memory) {
        out["memory"] = std::to_string(*r.memory);
    }
    if (r.pids) {
        out["pids"] = *r.pids;
    }
    return out;
}

json healthcheck_json(const Healthcheck& h) {
    json out = json::object();
    if (!h.test.empty()) {
        out["test"] = string_list(h.test);
    }
    auto put = [&](const char* key, const std::optional<Millis>& d) {
        if (d) {
            out[key] = go_duration(*d);
        }
    };
    put("interval", h.interval);
    put("timeout", h.timeout);
    put("start_period", h.start_period);
    put("start_interval", h.start_interval);
    if (h.retries) {
        out["retries"] = *h.retries;
    }
    if (h.disable) {
        out["disable"] = true;
    }
    return out;
}

std::string tmpfs_text(const Tmpfs& t) {
    std::string options;
    auto add = [&](const std::string& o) { options += (options.empty() ? "" : ",") + o; };
    if (t.size) {
        add(fmt::format("size={}", *t.size));
    }
    if (t.mode) {
        add(fmt::format("mode={:o}", *t.mode));
    }
    for (const auto& f : t.flags) {
        add(f);
    }
    return options.empty() ? t.target : t.target + ":" + options;
}

json mount_json(const Mount& m) {
    json out = {{"type", m.type}, {"target", m.target}};
    if (!m.source.empty()) {
        out["source"] = esc(m.source);
    }
    if (m.read_only) {
        out["read_only"] = true;
    }
    if (m.type == "bind") {
        out["bind"] = {{"create_host_path", true}};
        if (!m.selinux.empty()) {
            out["bind"]["selinux"] = m.selinux;
        }
        if (!m.propagation.empty()) {
            out["bind"]["propagation"] = m.propagation;
        }
    }
    if (m.nocopy) {
        out["volume"] = {{"nocopy", true}};
    }
    if (m.tmpfs_size) {
        out["tmpfs"] = {{"size", *m.tmpfs_size}};
    }
    return out;
}

void put_if(json& out, const char* key, const std::string& value) {
    if (!value.empty()) {
        out[key] = esc(value);
    }
}

json wait_json(const WaitStrategy& w) {
    json options = json::object();
    if (w.port) {
        options["port"] = *w.port;
    }
    if (w.kind == "http") {
        if (w.method != "GET") {
            options["method"] = w.method;
        }
        options["path"] = w.path;
        options["status"] = w.status;
        if (!w.body.empty()) {
            options["body"] = esc(w.body);
        }
        if (w.https) {
            options["https"] = true;
        }
        if (w.insecure) {
            options["insecure"] = true;
        }
    } else if (w.kind == "log") {
        options["regex"] = esc(w.regex);
        options["occurrences"] = w.occurrences;
    } else if (w.kind == "exec") {
        options["command"] = string_list(w.command);
    } else if (w.kind == "all") {
        json all = json::array();
        for (const auto& inner : w.all) {
            all.push_back(wait_json(inner));
        }
        return {{"all", all}};
    }
    return {{w.kind, options}};
}

json extension_json(const DtxService& d) {
    json out = json::object();
    if (d.wait) {
        out["wait"] = wait_json(*d.wait);
    }
    if (d.wait_timeout) {
        out["wait-timeout"] = go_duration(*d.wait_timeout);
    }
    if (!d.exports.empty()) {
        out["export"] = string_map(d.exports);
    }
    for (const auto& step : d.init) {
        if (!step.sql_file.empty()) {
            out["init"].push_back(json{{"sql", esc(step.sql_file)}});
        } else if (!step.run.empty()) {
            out["init"].push_back(json{{"run", string_list(step.run)}});
        } else {
            out["init"].push_back(json{{"exec", string_list(step.command)}});
        }
    }
    if (!d.kind.empty()) {
        out["kind"] = d.kind;
    }
    if (d.allow_failure) {
        out["allow-failure"] = true;
    }
    return out;
}

// The parts of service_json, each adding the keys it names to `out` when the service sets them:
// image, build, command, entrypoint, environment, labels.
void add_image_and_process(json& out, const Service& s) {
    put_if(out, "image", s.image);
    if (s.build) {
        json b = {{"context", esc(s.build->context)}};
        if (s.build->dockerfile_inline.empty()) {
            b["dockerfile"] = esc(s.build->dockerfile);
        } else {
            b["dockerfile_inline"] = esc(s.build->dockerfile_inline);
        }
        put_if(b, "target", s.build->target);
        if (!s.build->args.empty()) {
            b["args"] = string_map(s.build->args);
        }
        out["build"] = b;
    }
    if (s.command) {
        out["command"] = string_list(*s.command);
    }
    if (s.entrypoint) {
        out["entrypoint"] = string_list(*s.entrypoint);
    }
    for (const auto& [k, v] : s.environment) {
        out["environment"][k] = v ? json(esc(*v)) : json(nullptr);
    }
    if (!s.labels.empty()) {
        out["labels"] = string_map(s.labels);
    }
}

// ports, expose, depends_on, healthcheck.
void add_ports_and_dependencies(json& out, const Service& s) {
    for (const auto& p : s.ports) {
        out["ports"].push_back(port_json(p));
    }
    for (const auto& p : s.expose) {
        out["expose"].push_back(p.protocol == "tcp" ? std::to_string(p.target)
                                                    : fmt::format("{}/{}", p.target, p.protocol));
    }
    for (const auto& d : s.depends_on) {
        out["depends_on"][d.service] = {{"condition", condition_name(d.condition)}, {"required", d.required}};
        if (d.restart) {
            out["depends_on"][d.service]["restart"] = true;
        }
    }
    if (s.healthcheck) {
        out["healthcheck"] = healthcheck_json(*s.healthcheck);
    }
}

// tmpfs, volumes, deploy.resources, shm_size.
void add_storage_and_resources(json& out, const Service& s) {
    for (const auto& t : s.tmpfs) {
        out["tmpfs"].push_back(esc(tmpfs_text(t)));
    }
    for (const auto& m : s.volumes) {
        out["volumes"].push_back(mount_json(m));
    }
    json limits = resources_json(s.limits);
    json reservations = resources_json(s.reservations);
    if (!limits.empty()) {
        out["deploy"]["resources"]["limits"] = limits;
    }
    if (!reservations.empty()) {
        out["deploy"]["resources"]["reservations"] = reservations;
    }
    if (s.shm_size) {
        out["shm_size"] = std::to_string(*s.shm_size);
    }
}

// profiles, user, working_dir, hostname, extra_hosts, init, stop_signal, stop_grace_period, ulimits,
// cap_add, cap_drop.
void add_runtime_settings(json& out, const Service& s) {
    if (!s.profiles.empty()) {
        out["profiles"] = string_list(s.profiles);
    }
    put_if(out, "user", s.user);
    put_if(out, "working_dir", s.working_dir);
    put_if(out, "hostname", s.hostname);
    if (!s.extra_hosts.empty()) {
        out["extra_hosts"] = string_list(s.extra_hosts);
    }
    if (s.init) {
        out["init"] = *s.init;
    }
    put_if(out, "stop_signal", s.stop_signal);
    if (s.stop_grace_period) {
        out["stop_grace_period"] = go_duration(*s.stop_grace_period);
    }
    for (const auto& [name, u] : s.ulimits) {
        out["ulimits"][name] = u.soft == u.hard ? json(u.soft) : json{{"soft", u.soft}, {"hard", u.hard}};
    }
    if (!s.cap_add.empty()) {
        out["cap_add"] = string_list(s.cap_add);
    }
    if (!s.cap_drop.empty()) {
        out["cap_drop"] = string_list(s.cap_drop);
    }
}

// links, volumes_from, network_mode, ipc, pid, as Compose v2 writes them.
void add_sharing(json& out, const Service& s) {
    for (const auto& link : s.links) {
        out["links"].push_back(link.alias.empty() ? link.service : link.service + ":" + link.alias);
    }
    for (const auto& from : s.volumes_from) {
        out["volumes_from"].push_back((from.container ? "container:" : "") + from.source +
                                      (from.read_only ? ":ro" : ""));
    }
    put_if(out, "network_mode", s.network_mode);
    put_if(out, "ipc", s.ipc);
    put_if(out, "pid", s.pid);
}

json service_json(const Service& s) {
    json out = json::object();
    add_image_and_process(out, s);
    add_ports_and_dependencies(out, s);
    add_storage_and_resources(out, s);
    add_runtime_settings(out, s);
    put_if(out, "platform", s.platform);
    put_if(out, "pull_policy", s.pull_policy);
    add_sharing(out, s);
    if (s.networks.empty() && s.network_mode.empty()) {
        out["networks"]["default"] = nullptr;
    }
    for (const auto& [name, n] : s.networks) {
        out["networks"][name] = n.aliases.empty() ? json(nullptr) : json{{"aliases", string_list(n.aliases)}};
    }
    if (json extension = extension_json(s.dtx); !extension.empty()) {
        out["x-dtx"] = extension;
    }
    return out;
}

json project_json(const Project& project) {
    json out;
    out["name"] = project.name;
    out["services"] = json::object();
    for (const auto& s : project.services) {
        out["services"][s.name] = service_json(s);
    }
    out["networks"]["default"] = {{"name", project.name + "_default"}};
    auto resource = [](const NamedResource& r) {
        json j = {{"name", esc(r.name)}};
        if (r.external) {
            j["external"] = true;
        }
        return j;
    };
    for (const auto& [key, r] : project.networks) {
        out["networks"][key] = resource(r);
    }
    for (const auto& [key, r] : project.volumes) {
        out["volumes"][key] = resource(r);
    }
    if (project.wait_timeout) {
        out["x-dtx"]["wait-timeout"] = go_duration(*project.wait_timeout);
    }
    if (!project.exports.empty()) {
        out["x-dtx"]["export"] = string_map(project.exports);
    }
    return out;
}

void emit_yaml(YAML::Emitter& y, const json& value) {
    if (value.is_object()) {
        y << YAML::BeginMap;
        for (const auto& [k, v] : value.items()) {
            y << YAML::Key << k << YAML::Value;
            emit_yaml(y, v);
        }
        y << YAML::EndMap;
    } else if (value.is_array()) {
        y << YAML::BeginSeq;
        for (const auto& v : value) {
            emit_yaml(y, v);
        }
        y << YAML::EndSeq;
    } else if (value.is_string()) {
        y << value.get<std::string>();
    } else if (value.is_null()) {
        y << YAML::Null;
    } else if (value.is_boolean()) {
        y << value.get<bool>();
    } else {
        y << value.dump();
    }
}

json document(const Project& project, Secrets secrets) {
    json out = project_json(project);
    if (secrets == Secrets::masked) {
        mask_secrets(out);
    }
    return out;
}

}  // namespace

std::string go_duration(Millis d) {
    long long ms = d.count();
    if (ms == 0) {
        return "0s";
    }
    std::string sign = ms < 0 ? "-" : "";
    ms = ms < 0 ? -ms : ms;
    if (ms < 1000) {
        return fmt::format("{}{}ms", sign, ms);
    }
    long long h = ms / 3'600'000;
    long long m = (ms / 60'000) % 60;
    long long s = (ms / 1000) % 60;
    long long frac = ms % 1000;
    std::string seconds = std::to_string(s);
    if (frac != 0) {
        std::string f = fmt::format("{:03}", frac);
        while (f.back() == '0') {
            f.pop_back();
        }
        seconds += "." + f;
    }
    if (h > 0) {
        return fmt::format("{}{}h{}m{}s", sign, h, m, seconds);
    }
    if (m > 0) {
        return fmt::format("{}{}m{}s", sign, m, seconds);
    }
    return fmt::format("{}{}s", sign, seconds);
}

// Invalid UTF-8 in a value (the YAML reader passes bytes through) becomes U+FFFD, not an exception.
std::string render_json(const Project& project, Secrets secrets) {
    return document(project, secrets).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_yaml(const Project& project, Secrets secrets) {
    YAML::Emitter y;
    y.SetNullFormat(YAML::LowerNull);
    emit_yaml(y, document(project, secrets));
    return std::string(y.c_str()) + "\n";
}

}  // namespace dtx::render
