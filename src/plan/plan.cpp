#include "plan/plan.hpp"

#include "engine/labels.hpp"
#include "graph/graph.hpp"
#include "plan/config_hash.hpp"
#include "plan/container_settings.hpp"
#include "plan/init_steps.hpp"
#include "plan/readiness.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <string_view>
#include <unordered_map>

namespace dtx::plan {

namespace {

using Images = std::map<std::string, engine::ImageInfo>;

// The inspected image of `svc`, or nullptr when it was not inspected.
const engine::ImageInfo* image_of(const compose::Service& svc, const Images& images) {
    auto it = images.find(svc.image);
    return it == images.end() ? nullptr : &it->second;
}

struct KindChoice {
    kind::Kind kind = kind::Kind::generic;
    std::string origin;  // what said so (ServicePlan::kind_origin); empty for generic
};

// What the image is: by its name ("postgres:16"), else by the variables its official base image
// set (a team's acme/db:3 built FROM postgres:16 inherits PG_MAJOR).
KindChoice image_kind(const compose::Service& svc, const engine::ImageInfo* info) {
    if (auto by_name = kind::detect_kind(svc.image); by_name != kind::Kind::generic) {
        return {by_name, "the image name"};
    }
    if (info != nullptr) {
        if (auto by_env = kind::kind_from_image_env(info->env)) {
            return {by_env->kind, "the image's " + by_env->variable};
        }
    }
    return {};
}

// A database image that declares no port and whose command replaces the server (`command: psql …`)
// is that database's client: generic, so it is not a second server hiding PGHOST and DATABASE_URL.
// True for that client: a database image, no x-dtx.kind, no port of its own and a command that is
// not the server. The image's EXPOSE (5432) is the server's, so the client publishes none of it.
bool is_client_of_image(const compose::Service& svc, const engine::ImageInfo* info) {
    return svc.dtx.kind.empty() && svc.ports.empty() && svc.expose.empty() &&
           kind::replaces_server(image_kind(svc, info).kind, svc.entrypoint, svc.command);
}

// x-dtx.kind wins over the image ("none" is generic too); a generic image whose x-dtx.wait is a
// native strategy (wait: postgres) is of that kind, so its connection variables come with it.
KindChoice kind_of(const compose::Service& svc, const engine::ImageInfo* info) {
    if (auto named = kind::kind_named(svc.dtx.kind)) {
        return {*named, *named == kind::Kind::generic ? "" : "x-dtx.kind"};
    }
    KindChoice choice = is_client_of_image(svc, info) ? KindChoice{} : image_kind(svc, info);
    if (choice.kind == kind::Kind::generic && svc.dtx.wait) {
        kind::Kind by_wait = strategy_kind(svc.dtx.wait->kind);
        return {by_wait, by_wait == kind::Kind::generic ? "" : "x-dtx.wait"};
    }
    return choice;
}

// Higher starts first among services free at the same moment: the slowest to become ready leads.
int start_priority(kind::Kind kind) {
    switch (kind) {
    case kind::Kind::postgres:
    case kind::Kind::mysql:
        return 2;
    case kind::Kind::generic:
    case kind::Kind::s3:
    case kind::Kind::dynamodb:
    case kind::Kind::http:
        return 1;
    case kind::Kind::redis:
    case kind::Kind::memcached:
        break;
    }
    return 0;
}

void add_port(std::vector<engine::PortConfig>& ports, std::uint16_t target, const std::string& protocol,
              const std::string& host_ip, std::uint16_t host_port = 0) {
    bool present = std::any_of(ports.begin(), ports.end(), [&](const engine::PortConfig& p) {
        return p.container_port == target && p.protocol == protocol;
    });
    if (!present) {
        ports.push_back(engine::PortConfig{target, protocol, host_ip.empty() ? "127.0.0.1" : host_ip, host_port});
    }
}

std::vector<engine::PortConfig> ports_of(const compose::Service& svc, const std::vector<std::string>& image_ports,
                                         bool keep_host_ports) {
    std::vector<engine::PortConfig> ports;
    for (const auto& p : svc.ports) {
        add_port(ports, p.target, p.protocol, p.host_ip, keep_host_ports ? p.host_port : 0);
    }
    for (const auto& p : svc.expose) {
        add_port(ports, p.target, p.protocol, "");
    }
    for (const auto& key : image_ports) {
        auto slash = key.find('/');
        unsigned port = 0;
        std::from_chars(key.data(), key.data() + std::min(slash, key.size()), port);
        if (port > 0 && port <= 65535) {
            add_port(ports, static_cast<std::uint16_t>(port),
                     slash == std::string::npos ? "tcp" : key.substr(slash + 1), "");
        }
    }
    return ports;
}

// The healthcheck the container runs: the service's, else (none, or one that only changes the
// timings) the image's HEALTHCHECK. A disabled one stays ["NONE"].
std::optional<engine::HealthcheckConfig> effective_healthcheck(const std::optional<engine::HealthcheckConfig>& service,
                                                               const engine::ImageInfo& image) {
    if (service && !service->test.empty()) {
        return service;
    }
    if (image.healthcheck.empty()) {
        return service;
    }
    engine::HealthcheckConfig h = service.value_or(engine::HealthcheckConfig{});
    h.test = image.healthcheck;
    return h;
}

std::optional<std::uint16_t> main_port_of(kind::Kind kind, const std::vector<engine::PortConfig>& ports) {
    auto wanted = kind::default_port(kind);
    for (const auto& p : ports) {
        if (p.protocol == "tcp" && (!wanted || p.container_port == *wanted)) {
            return p.container_port;
        }
    }
    for (const auto& p : ports) {
        if (p.protocol == "tcp") {
            return p.container_port;
        }
    }
    return std::nullopt;
}

engine::Labels run_labels(const compose::Project& project, const PlanInputs& inputs) {
    return {
        {engine::label::k_run, inputs.run_id},
        {engine::label::k_project, project.name},
        {engine::label::k_spec_hash, project.content_hash},
        {engine::label::k_owner_pid, std::to_string(inputs.owner_pid)},
        {engine::label::k_owner_host, inputs.owner_host},
        {engine::label::k_compose_project, inputs.run_id},
    };
}

// The image's EXPOSE ports come after the service's own, so they change the main port only when
// the kind's own port is not among those.
bool main_port_final(const ServicePlan& sp) {
    auto wanted = kind::default_port(sp.kind);
    return sp.main_port && (!wanted || *sp.main_port == *wanted);
}

// Whether an x-dtx.wait depends on what is published, which the image's EXPOSE can add to.
bool wait_uses_published(const compose::WaitStrategy& w, const ServicePlan& sp) {
    if (w.kind == "all") {
        return std::any_of(w.all.begin(), w.all.end(),
                           [&](const auto& inner) { return wait_uses_published(inner, sp); });
    }
    if (w.port || w.kind == "log" || w.kind == "exec" || w.kind == "healthcheck") {
        return false;
    }
    return w.kind == "tcp" || !main_port_final(sp);
}

// Without the image, readiness is final only when nothing the image declares could come first:
// the service's own healthcheck, its kind's probe on the kind's own port, an x-dtx.wait with its ports.
bool wait_may_change(const compose::Service& svc, const ServicePlan& sp) {
    if (svc.dtx.wait) {
        return wait_uses_published(*svc.dtx.wait, sp);
    }
    if (sp.wait.origin == "healthcheck") {
        return false;
    }
    return sp.wait.origin != "kind" || !main_port_final(sp);
}

// As the user wrote it (relative to the spec), unless it lies elsewhere.
std::string shown_directory(const std::string& path, const std::string& directory) {
    std::string relative = std::filesystem::path(path).lexically_relative(directory).generic_string();
    if (directory.empty() || relative.empty() || relative.starts_with("..")) {
        return path;
    }
    return relative == "." ? "." : "./" + relative;
}

BuildPlan build_plan(const compose::Project& project, const compose::Service& svc, const PlanInputs& inputs) {
    BuildPlan b;
    b.context = shown_directory(svc.build->context, project.directory);
    b.dockerfile = svc.build->dockerfile_inline.empty() ? svc.build->dockerfile : "inline";
    b.target = svc.build->target;
    if (auto it = inputs.builds.find(svc.name); it != inputs.builds.end()) {
        b.decision = it->second;
    }
    return b;
}

// "service:X" as the engine knows it: X's container in this run.
std::string engine_mode(const std::string& mode, const std::string& run_id) {
    constexpr std::string_view k_service = "service:";
    return mode.starts_with(k_service) ? "container:" + container_name(run_id, mode.substr(k_service.size())) : mode;
}

// By service: the aliases other services' links give it, each one more name of it on the run's
// network. Gathered once per plan, not once per service.
using LinkAliases = std::map<std::string, std::vector<std::string>>;

LinkAliases link_aliases(const compose::Project& project) {
    LinkAliases out;
    for (const auto& other : project.services) {
        for (const auto& link : other.links) {
            if (!link.alias.empty()) {
                out[link.service].push_back(link.alias);
            }
        }
    }
    return out;
}

// links, network_mode, ipc, pid and volumes_from: names and namespaces shared with other services.
void apply_sharing(const compose::Service& svc, const LinkAliases& aliases, const std::string& run_id,
                   engine::ContainerConfig& c) {
    if (auto it = aliases.find(svc.name); it != aliases.end()) {
        for (const auto& alias : it->second) {
            if (std::find(c.aliases.begin(), c.aliases.end(), alias) == c.aliases.end()) {
                c.aliases.push_back(alias);
            }
        }
    }
    if (!svc.network_mode.empty()) {
        c.network_mode = engine_mode(svc.network_mode, run_id);
        c.network.clear();  // not on the run's network: in another namespace, or the engine's own
        c.aliases.clear();
        if (c.network_mode != "bridge") {
            c.ports.clear();  // the engine publishes nothing in a shared or host network namespace
            c.expose.clear();
        }
    }
    c.ipc_mode = engine_mode(svc.ipc, run_id);
    c.pid_mode = engine_mode(svc.pid, run_id);
    for (const auto& from : svc.volumes_from) {
        c.volumes_from.push_back((from.container ? from.source : container_name(run_id, from.source)) +
                                 (from.read_only ? ":ro" : ""));
    }
}

ServicePlan plan_service(const compose::Project& project, const compose::Service& svc, const PlanInputs& inputs,
                         const LinkAliases& aliases) {
    ServicePlan sp;
    sp.service = svc.name;
    auto image = inputs.images.find(svc.image);
    const engine::ImageInfo no_image;
    const engine::ImageInfo& info = image == inputs.images.end() ? no_image : image->second;
    const engine::ImageInfo* inspected = image == inputs.images.end() ? nullptr : &info;
    KindChoice kind = kind_of(svc, inspected);
    sp.kind = kind.kind;
    sp.kind_origin = kind.origin;
    sp.wait_timeout =
        inputs.timeout.value_or(svc.dtx.wait_timeout.value_or(project.wait_timeout.value_or(k_default_wait_timeout)));
    sp.depends_on = svc.depends_on;
    sp.runner = svc.name == inputs.runner;
    auto& c = sp.container;
    c.name = container_name(inputs.run_id, svc.name);
    c.labels = run_labels(project, inputs);
    c.labels[engine::label::k_service] = svc.name;
    c.labels[engine::label::k_compose_service] = svc.name;
    c.labels[engine::label::k_compose_number] = "1";
    c.labels[engine::label::k_compose_oneoff] = "False";
    c.labels[engine::label::k_compose_config_files] = project.file;
    c.labels[engine::label::k_compose_working_dir] = project.directory;
    c.ports = ports_of(svc, is_client_of_image(svc, inspected) ? std::vector<std::string>{} : info.exposed_ports,
                       inputs.keep_host_ports);
    c.network = network_name(inputs.run_id);
    c.aliases = {svc.name};
    apply_sharing(svc, aliases, inputs.run_id, c);
    engine::Labels volume_labels = run_labels(project, inputs);
    volume_labels.erase(engine::label::k_spec_hash);
    apply_service_settings(project, svc, inputs.run_id, volume_labels, c);
    if (svc.dtx.wait) {
        for (auto port : wait_ports(*svc.dtx.wait)) {
            add_port(c.ports, port, "tcp", "");
        }
    }
    sp.main_port = main_port_of(sp.kind, c.ports);
    sp.wait = plan_wait(svc, sp.kind, sp.main_port, c.ports, effective_healthcheck(c.healthcheck, info));
    sp.wait_open = image == inputs.images.end() && wait_may_change(svc, sp);
    if (svc.build) {
        sp.build = build_plan(project, svc, inputs);
    }
    for (const auto& step : svc.dtx.init) {
        sp.init.push_back(describe_init_step(step, project.directory));
    }
    if (inputs.label_image_ids && !info.id.empty()) {
        c.labels[engine::label::k_image_id] = info.id;
    }
    c.labels[engine::label::k_config_hash] = config_hash(c);
    return sp;
}

using ServiceIndex = std::unordered_map<std::string_view, const compose::Service*>;

ServiceIndex index_of(const compose::Project& project) {
    ServiceIndex index;
    index.reserve(project.services.size());
    for (const auto& svc : project.services) {
        index.emplace(svc.name, &svc);
    }
    return index;
}

std::vector<std::string> start_order(const compose::Project& project, const ServiceIndex& index, const Images& images) {
    graph::Graph g;
    for (const auto& svc : project.services) {
        g.add_node(svc.name);
        for (const auto& dep : svc.depends_on) {
            if (index.count(dep.service) != 0) {  // else required: false and not started
                g.add_edge(svc.name, dep.service);
            }
        }
    }
    return g.topological_order([&](const std::string& name) {
        const compose::Service& svc = *index.at(name);
        return start_priority(kind_of(svc, image_of(svc, images)).kind);
    });
}

const char* condition_name(compose::Condition c) {
    switch (c) {
    case compose::Condition::healthy:
        return "healthy";
    case compose::Condition::completed_successfully:
        return "completed";
    case compose::Condition::started:
        break;
    }
    return "started";
}

// The lines of Plan::to_string for one service: its container, build, dependencies, readiness,
// ports, command and init steps.
std::string describe_service(const ServicePlan& s) {
    std::string out =
        fmt::format("service {}: container {}, image {}, kind {}{}\n", s.service, s.container.name, s.container.image,
                    kind::kind_name(s.kind), s.kind_origin.empty() ? "" : " (from " + s.kind_origin + ")");
    if (s.build) {
        const BuildPlan& b = *s.build;
        out += fmt::format("  build {} (dockerfile {}{}){}\n", b.context, b.dockerfile,
                           b.target.empty() ? "" : ", target " + b.target, b.decision.empty() ? "" : ": " + b.decision);
    }
    for (const auto& dep : s.depends_on) {
        out += fmt::format("  after {} {}\n", dep.service, condition_name(dep.condition));
    }
    if (s.runner) {
        out += "  runs once the services it needs are ready; its exit code is the run's (--exit-code-from)\n";
    } else {
        out += fmt::format("  ready when {} (from {}{})\n", s.wait.describe(), s.wait.origin,
                           s.wait_open ? "; may change at run time: the image was not inspected" : "");
    }
    for (const auto& p : s.container.ports) {
        out += fmt::format("  publish {}:{}->{}/{}{}\n", p.host_ip,
                           p.host_port == 0 ? "ephemeral" : std::to_string(p.host_port), p.container_port, p.protocol,
                           s.main_port == p.container_port ? " (main)" : "");
    }
    if (s.container.cmd) {
        std::string cmd;
        for (const auto& word : *s.container.cmd) {
            cmd += (cmd.empty() ? "" : " ") + word;
        }
        out += fmt::format("  command {}\n", cmd);
    }
    for (std::size_t i = 0; i < s.init.size(); ++i) {
        out += fmt::format("  init {}: {}\n", i + 1, s.init[i]);
    }
    return out;
}

}  // namespace

std::string network_name(const std::string& run_id) {
    return "dtx-" + run_id;
}

std::string container_name(const std::string& run_id, const std::string& service) {
    return fmt::format("dtx-{}-{}", run_id, service);
}

const ServicePlan* Plan::find(const std::string& service) const {
    for (const auto& s : services) {
        if (s.service == service) {
            return &s;
        }
    }
    return nullptr;
}

Plan make_plan(const compose::Project& project, const PlanInputs& inputs) {
    Plan plan;
    plan.run_id = inputs.run_id;
    plan.project = project.name;
    plan.network = network_name(inputs.run_id);
    plan.network_labels = run_labels(project, inputs);
    plan.network_labels.erase(engine::label::k_spec_hash);
    ServiceIndex index = index_of(project);
    plan.services.reserve(project.services.size());
    const LinkAliases aliases = link_aliases(project);
    for (const auto& name : start_order(project, index, inputs.images)) {
        inputs.stop.throw_if_stopped();  // thousands of services take a while: a signal stops it between two
        plan.services.push_back(plan_service(project, *index.at(name), inputs, aliases));
    }
    if (inputs.subnet_pool) {
        auto prefix = run_subnet_prefix(*inputs.subnet_pool, plan.services.size());
        if (!prefix) {
            throw UsageError(prefix.error().message);
        }
        plan.subnet_pool = inputs.subnet_pool;
        plan.subnet_prefix = prefix.value();
    }
    return plan;
}

std::string Plan::to_string(const util::StopToken& stop) const {
    std::string out = fmt::format("run {} (project {})\nnetwork {}\n", run_id, project, network);
    if (subnet_pool) {
        out += fmt::format("  subnet a free /{} in the pool {}, chosen at run time\n", subnet_prefix,
                           subnet_pool->to_string());
    }
    for (const auto& s : services) {
        stop.throw_if_stopped();
        out += describe_service(s);
    }
    return out;
}

}  // namespace dtx::plan
