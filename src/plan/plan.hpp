#pragma once
// The plan: what a run will create, in which order. A pure function of the project and its inputs.

#include "compose/model.hpp"
#include "engine/types.hpp"
#include "kind/kind.hpp"
#include "plan/readiness.hpp"
#include "plan/subnet_pool.hpp"
#include "util/stop.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dtx::plan {

inline constexpr std::chrono::milliseconds k_default_wait_timeout{60'000};

// A service's `build:` as the plan shows it, and whether the run builds its image.
struct BuildPlan {
    std::string context;     // relative to the spec's directory ("./api") when inside it
    std::string dockerfile;  // as written, relative to the context
    std::string target;      // empty: the last stage
    std::string decision;    // PlanInputs::builds: "built: the image is missing", …; empty: not told
};

struct ServicePlan {
    std::string service;
    kind::Kind kind = kind::Kind::generic;
    // What said so: "x-dtx.kind", "the image name", "the image's PG_MAJOR" (a variable its official
    // base image set), "x-dtx.wait"; empty for generic.
    std::string kind_origin;
    engine::ContainerConfig container;
    std::vector<compose::Dependency> depends_on;
    std::optional<std::uint16_t> main_port;  // the container port that DTX_<SVC>_PORT and the probe use
    std::chrono::milliseconds wait_timeout{k_default_wait_timeout};
    WaitPlan wait;  // how dtx tells it is ready
    // The image was not in PlanInputs::images, and its EXPOSE or HEALTHCHECK could still change
    // `wait` (it comes from the ports, or from a port the image may publish).
    bool wait_open = false;
    std::optional<BuildPlan> build;
    std::vector<std::string> init;  // x-dtx.init steps in order, as describe_init_step shows them
    // --exit-code-from: started once every service it needs is ready, never waited on; its exit
    // code is the run's.
    bool runner = false;
};

struct Plan {
    std::string run_id;
    std::string project;
    std::string network;
    engine::Labels network_labels;
    std::optional<Subnet> subnet_pool;  // --subnet-pool: the network takes a free /subnet_prefix in it
    int subnet_prefix = 0;
    std::vector<ServicePlan> services;  // in start order

    const ServicePlan* find(const std::string& service) const;
    // Readable, stable text of the plan (shown by --dry-run, checked by golden tests). Throws
    // Interrupted once `stop` is requested.
    std::string to_string(const util::StopToken& stop = {}) const;
};

struct PlanInputs {
    std::string run_id;
    int owner_pid = 0;
    std::string owner_host;
    // What each image declares (EXPOSE ports, HEALTHCHECK) and its id, by image name as written in
    // the spec.
    std::map<std::string, engine::ImageInfo> images;
    // `dtx up`: each container is labelled with its image's id, so a rebuilt or re-pulled image
    // changes the config hash.
    bool label_image_ids = false;
    // --timeout: overrides x-dtx wait-timeout (service, then top level) and the 60 s default.
    std::optional<std::chrono::milliseconds> timeout;
    // --keep-host-ports: fixed host ports ("5433:5432") are published as written; otherwise a run
    // makes them ephemeral, so parallel runs never clash.
    bool keep_host_ports = false;
    // --subnet-pool / DTX_SUBNET_POOL: dtx picks the network's subnet in it instead of the engine.
    std::optional<Subnet> subnet_pool;
    // By service with build:: whether and why the run builds its image (images.hpp:
    // build_decision), for the text; a service not here shows only its build: settings.
    std::map<std::string, std::string> builds;
    // --exit-code-from: the service whose exit code is the run's (ServicePlan::runner).
    std::string runner;
    // A termination signal stops the planning of a large file between two services.
    util::StopToken stop{};
};

// Every service gets the run's labels, one network with its name as alias, and every port it
// declares (ports, expose, the image's EXPOSE) published on 127.0.0.1 (or its host_ip) with an
// ephemeral host port. Start order: dependencies first; among services free to start, the slowest
// kind first (databases before caches), then by name. With a subnet pool, the subnet's size suits
// the number of services (run_subnet_prefix); throws UsageError when the pool cannot hold them,
// Interrupted once inputs.stop is requested. Near-linear in the number of services.
Plan make_plan(const compose::Project& project, const PlanInputs& inputs);

// "dtx-<run id>"
std::string network_name(const std::string& run_id);
// "dtx-<run id>-<service>"
std::string container_name(const std::string& run_id, const std::string& service);

}  // namespace dtx::plan
