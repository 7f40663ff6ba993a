#include "engine/json_containers.hpp"

#include "engine/docker_engine.hpp"
#include "engine/json_common.hpp"

namespace dtx::engine::json {

namespace {

// `j[key]` when it is an object, else an empty object: the engine sends null for empty sections.
const json& section(const json& j, const char* key) {
    static const json k_empty = json::object();
    if (!j.is_object()) {
        return k_empty;
    }
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : k_empty;
}

// The number at `key`, or `fallback` when it is missing or null (ExitCode of a running exec).
template <class T>
T number(const json& j, const char* key, T fallback = 0) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<T>() : fallback;
}

bool flag(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

void set_if(json& j, const char* key, const std::string& value) {
    if (!value.empty()) {
        j[key] = value;
    }
}

void set_if(json& j, const char* key, std::int64_t value) {
    if (value != 0) {
        j[key] = value;
    }
}

void set_if(json& j, const char* key, const std::vector<std::string>& value) {
    if (!value.empty()) {
        j[key] = value;
    }
}

std::string without_slash(std::string name) {
    if (!name.empty() && name.front() == '/') {
        name.erase(0, 1);
    }
    return name;
}

// "8080" -> "8080/tcp": the engine keys exposed ports by port and protocol.
std::string port_key(const std::string& port) {
    return port.find('/') == std::string::npos ? port + "/tcp" : port;
}

void add_ports(const ContainerConfig& spec, json& body, json& host) {
    json exposed = json::object();
    json bindings = json::object();
    for (const auto& p : spec.ports) {
        std::string key = fmt::format("{}/{}", p.container_port, p.protocol);
        exposed[key] = json::object();
        bindings[key].push_back(
            {{"HostIp", p.host_ip}, {"HostPort", p.host_port == 0 ? std::string() : std::to_string(p.host_port)}});
    }
    for (const auto& port : spec.expose) {
        exposed[port_key(port)] = json::object();
    }
    body["ExposedPorts"] = exposed;
    host["PortBindings"] = bindings;
}

json mount_json(const Mount& m) {
    json j{{"Target", m.target}, {"ReadOnly", m.read_only}};
    switch (m.type) {
    case Mount::Type::bind:
        j["Type"] = "bind";
        j["Source"] = m.source;
        if (!m.propagation.empty()) {
            j["BindOptions"]["Propagation"] = m.propagation;
        }
        break;
    case Mount::Type::volume:
        j["Type"] = "volume";
        set_if(j, "Source", m.source);
        if (!m.volume_labels.empty()) {
            j["VolumeOptions"]["Labels"] = m.volume_labels;
        }
        if (m.no_copy) {
            j["VolumeOptions"]["NoCopy"] = true;
        }
        break;
    case Mount::Type::tmpfs:
        j["Type"] = "tmpfs";
        j["TmpfsOptions"] = json::object();
        set_if(j["TmpfsOptions"], "SizeBytes", m.tmpfs_size);
        set_if(j["TmpfsOptions"], "Mode", static_cast<std::int64_t>(m.tmpfs_mode));
        break;
    }
    return j;
}

// A bind as HostConfig.Binds writes it: "src:dst[:opt,opt]" with opt ro, z/Z, a propagation mode;
// selinux relabelling has no Mounts equivalent, one more reason for Binds.
std::string bind_string(const Mount& m) {
    std::string options;
    for (const std::string& o : {std::string(m.read_only ? "ro" : ""), m.selinux, m.propagation}) {
        if (!o.empty()) {
            options += (options.empty() ? "" : ",") + o;
        }
    }
    return m.source + ":" + m.target + (options.empty() ? "" : ":" + options);
}

// Binds that may create their source go through HostConfig.Binds: for those (and only those) the
// engine creates a missing host directory, as Compose relies on; Mounts refuses a missing source.
void add_mounts(const ContainerConfig& spec, json& host) {
    std::vector<std::string> binds;
    json mounts = json::array();
    for (const auto& m : spec.mounts) {
        if (m.type == Mount::Type::bind && m.create_host_path) {
            binds.push_back(bind_string(m));
        } else {
            mounts.push_back(mount_json(m));
        }
    }
    set_if(host, "Binds", binds);
    if (!spec.tmpfs.empty()) {
        host["Tmpfs"] = spec.tmpfs;
    }
    if (!mounts.empty()) {
        host["Mounts"] = mounts;
    }
}

void add_resources(const ContainerConfig& spec, json& host) {
    set_if(host, "Memory", spec.memory);
    set_if(host, "MemoryReservation", spec.memory_reservation);
    set_if(host, "NanoCpus", spec.nano_cpus);
    set_if(host, "PidsLimit", spec.pids_limit);
    set_if(host, "ShmSize", spec.shm_size);
    if (!spec.ulimits.empty()) {
        json ulimits = json::array();
        for (const auto& u : spec.ulimits) {
            ulimits.push_back({{"Name", u.name}, {"Soft", u.soft}, {"Hard", u.hard}});
        }
        host["Ulimits"] = ulimits;
    }
    set_if(host, "CapAdd", spec.cap_add);
    set_if(host, "CapDrop", spec.cap_drop);
    if (spec.init) {
        host["Init"] = *spec.init;
    }
    set_if(host, "ExtraHosts", spec.extra_hosts);
}

json healthcheck_json(const HealthcheckConfig& h, const std::string& api_version, std::vector<std::string>* dropped) {
    json j{{"Test", h.test},
           {"Interval", h.interval.count()},
           {"Timeout", h.timeout.count()},
           {"StartPeriod", h.start_period.count()},
           {"Retries", h.retries}};
    if (h.start_interval.count() != 0) {
        if (compare_api_versions(api_version, "1.44") >= 0) {
            j["StartInterval"] = h.start_interval.count();
        } else if (dropped != nullptr) {
            dropped->push_back("healthcheck start_interval");
        }
    }
    return j;
}

}  // namespace

std::string container_create_body(const ContainerConfig& spec, const std::string& api_version,
                                  std::vector<std::string>* dropped) {
    json body;
    body["Image"] = spec.image;
    body["Env"] = spec.env;
    if (spec.cmd) {
        body["Cmd"] = *spec.cmd;
    }
    if (spec.entrypoint) {
        // An empty list is sent as [""], like `docker run --entrypoint ""`: the engine reads that
        // as "no entrypoint", while [] would inherit the image's.
        body["Entrypoint"] = spec.entrypoint->empty() ? std::vector<std::string>{""} : *spec.entrypoint;
    }
    set_if(body, "User", spec.user);
    set_if(body, "WorkingDir", spec.working_dir);
    set_if(body, "Hostname", spec.hostname);
    body["Labels"] = spec.labels;
    set_if(body, "StopSignal", spec.stop_signal);
    if (spec.stop_timeout) {
        body["StopTimeout"] = *spec.stop_timeout;
    }
    body["Tty"] = spec.tty;
    body["OpenStdin"] = spec.open_stdin;
    if (spec.healthcheck) {
        body["Healthcheck"] = healthcheck_json(*spec.healthcheck, api_version, dropped);
    }
    json host = json::object();
    add_ports(spec, body, host);
    add_mounts(spec, host);
    add_resources(spec, host);
    if (!spec.network_mode.empty()) {
        host["NetworkMode"] = spec.network_mode;
    } else if (!spec.network.empty()) {
        host["NetworkMode"] = spec.network;
        body["NetworkingConfig"]["EndpointsConfig"][spec.network]["Aliases"] = spec.aliases;
    }
    set_if(host, "IpcMode", spec.ipc_mode);
    set_if(host, "PidMode", spec.pid_mode);
    if (!spec.volumes_from.empty()) {
        host["VolumesFrom"] = spec.volumes_from;
    }
    body["HostConfig"] = host;
    return body.dump();
}

namespace {

std::vector<PublishedPort> published_ports(const json& ports) {
    std::vector<PublishedPort> out;
    for (const auto& [key, bindings] : ports.items()) {
        auto slash = key.find('/');
        std::uint16_t container_port = to_port(key.substr(0, slash));
        std::string protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
        if (!bindings.is_array()) {
            continue;  // exposed but not published
        }
        for (const auto& b : bindings) {
            out.push_back(PublishedPort{container_port, protocol, str(b, "HostIp"), to_port(str(b, "HostPort"))});
        }
    }
    return out;
}

std::map<std::string, std::string> network_ips(const json& networks) {
    std::map<std::string, std::string> out;
    for (const auto& [name, endpoint] : networks.items()) {
        out[name] = str(endpoint, "IPAddress");
    }
    return out;
}

void read_state(const json& state, ContainerState& s) {
    s.status = str(state, "Status");
    s.running = flag(state, "Running");
    s.restarting = flag(state, "Restarting");
    s.exit_code = number<int>(state, "ExitCode");
    s.oom_killed = flag(state, "OOMKilled");
    s.error = str(state, "Error");
    s.health = str(section(state, "Health"), "Status");
    s.started_at = str(state, "StartedAt");
    s.finished_at = str(state, "FinishedAt");
}

}  // namespace

util::Result<ContainerState> parse_container(const std::string& body) {
    return parse_with<ContainerState>(body, "container", [](const json& j) {
        ContainerState s;
        s.id = str(j, "Id");
        s.name = without_slash(str(j, "Name"));
        s.image = str(j, "Image");
        s.restart_count = number<int>(j, "RestartCount");
        read_state(section(j, "State"), s);
        const json& config = section(j, "Config");
        s.tty = flag(config, "Tty");
        s.labels = labels_of(section(config, "Labels"));
        const json& network = section(j, "NetworkSettings");
        s.ports = published_ports(section(network, "Ports"));
        s.network_ips = network_ips(section(network, "Networks"));
        return s;
    });
}

util::Result<std::vector<ContainerSummary>> parse_container_list(const std::string& body) {
    return parse_with<std::vector<ContainerSummary>>(body, "container list", [](const json& j) {
        std::vector<ContainerSummary> out;
        for (const auto& c : j) {
            ContainerSummary s{str(c, "Id"), "", str(c, "State"), labels_of(section(c, "Labels"))};
            auto names = c.find("Names");
            if (names != c.end() && names->is_array() && !names->empty() && names->front().is_string()) {
                s.name = without_slash(names->front().get<std::string>());
            }
            out.push_back(std::move(s));
        }
        return out;
    });
}

util::Result<int> parse_wait(const std::string& body) {
    return parse_with<int>(body, "wait", [](const json& j) -> util::Result<int> {
        if (std::string error = str(section(j, "Error"), "Message"); !error.empty()) {
            return util::fail(util::Errc::server, error);
        }
        if (!j.is_object() || !j.contains("StatusCode") || !j["StatusCode"].is_number()) {
            return util::fail(util::Errc::invalid, "the engine's wait answer has no StatusCode");
        }
        return j["StatusCode"].get<int>();
    });
}

std::string exec_create_body(const ExecConfig& spec) {
    json body{{"Cmd", spec.cmd},
              {"Env", spec.env},
              {"Tty", spec.tty},
              {"AttachStdin", false},
              {"AttachStdout", spec.attach},
              {"AttachStderr", spec.attach}};
    set_if(body, "User", spec.user);
    set_if(body, "WorkingDir", spec.working_dir);
    return body.dump();
}

std::string exec_start_body(const ExecConfig& spec) {
    return json{{"Detach", !spec.attach}, {"Tty", spec.tty}}.dump();
}

util::Result<ExecState> parse_exec(const std::string& body) {
    return parse_with<ExecState>(body, "exec", [](const json& j) {
        // ExitCode is null while the process runs.
        return ExecState{flag(j, "Running"), number<int>(j, "ExitCode"), number<int>(j, "Pid")};
    });
}

std::string event_filters(const EventFilter& filter) {
    json filters = json::object();
    set_if(filters, "label", filter.labels);
    set_if(filters, "type", filter.types);
    set_if(filters, "event", filter.actions);
    return filters.dump();
}

util::Result<Event> parse_event(std::string_view line) {
    return parse_with<Event>(std::string(line), "event", [](const json& j) {
        const json& actor = section(j, "Actor");
        // Engines before API 1.22 sent "status"/"id" only; "Action" and "Actor" are preferred.
        Event e{str(j, "Type"), str(j, "Action"), str(actor, "ID"), labels_of(section(actor, "Attributes")),
                number<std::int64_t>(j, "timeNano")};
        if (e.action.empty()) {
            e.action = str(j, "status");
        }
        if (e.id.empty()) {
            e.id = str(j, "id");
        }
        return e;
    });
}

}  // namespace dtx::engine::json
