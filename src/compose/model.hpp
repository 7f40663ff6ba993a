#pragma once
// The resolved project: plain structs, no YAML types. Everything dtx reads from a spec is here.

#include "yaml/location.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dtx::compose {

using Millis = std::chrono::milliseconds;

struct PortMapping {
    std::string host_ip;          // empty: dtx's default (127.0.0.1)
    std::uint16_t host_port = 0;  // 0: an ephemeral port chosen by the engine
    std::uint16_t target = 0;     // the container port
    std::string protocol = "tcp";
    std::string mode = "ingress";  // long syntax `mode:`; host and ingress act alike on one engine
    yaml::Location location;
};

enum class Condition { started, healthy, completed_successfully };

struct Dependency {
    std::string service;
    Condition condition = Condition::started;
    bool required = true;  // false: a missing or failing dependency does not stop the service
    bool restart = false;
    yaml::Location location;
    // The key Compose derives it from (links, network_mode, ipc, pid, volumes_from); empty: depends_on.
    std::string implied_by{};
};

struct Healthcheck {
    std::vector<std::string> test;  // ["CMD", args…], ["CMD-SHELL", line], ["NONE"]; empty: the image's
    std::optional<Millis> interval;
    std::optional<Millis> timeout;
    std::optional<Millis> start_period;
    std::optional<Millis> start_interval;
    std::optional<int> retries;
    bool disable = false;
};

struct Tmpfs {
    std::string target;
    std::optional<std::int64_t> size;  // bytes
    std::optional<std::uint32_t> mode;
    std::vector<std::string> flags;  // mount flags such as noexec, nosuid
};

struct Mount {
    std::string type;    // bind, volume, tmpfs
    std::string source;  // host path (bind, absolute), volume name, or empty (anonymous volume, tmpfs)
    std::string target;
    bool read_only = false;
    std::optional<std::int64_t> tmpfs_size;
    std::string selinux;      // bind: "z" (shared) or "Z" (private) relabelling
    std::string propagation;  // bind: rprivate, rshared, …
    bool nocopy = false;      // volume: do not copy the image's content into a new volume
    yaml::Location location;
};

struct Resources {
    std::optional<double> cpus;
    std::optional<std::int64_t> memory;  // bytes
    std::optional<std::int64_t> pids;
};

struct Ulimit {
    std::int64_t soft = 0;
    std::int64_t hard = 0;
};

struct Build {
    std::string context;  // absolute, or with `remote` the URL as written
    std::string dockerfile;
    std::string target;
    std::map<std::string, std::string> args;
    std::string dockerfile_inline{};  // the Dockerfile's text, written in the spec (dockerfile then unused)
    // The context is a git repository or tarball URL (https://…/repo.git#ref:dir, git@…); the
    // engine fetches it, and the Dockerfile is a path in it.
    bool remote = false;
};

// links: entry "db" or "db:database": the service, and the extra name it is known by.
struct Link {
    std::string service;
    std::string alias;  // empty: none beyond the service's own name
};

// volumes_from: entry "db", "db:ro", "container:name" or "container:name:ro".
struct VolumesFrom {
    std::string source;      // a service, or with `container` a container's name
    bool container = false;  // a container outside the project
    bool read_only = false;
};

struct ServiceNetwork {
    std::vector<std::string> aliases;
};

// x-dtx.wait: how dtx decides a service is ready (man/dtx.1, READINESS).
struct WaitStrategy {
    std::string kind;                   // tcp, http, log, exec, postgres, mysql, redis, memcached, healthcheck, all
    std::optional<std::uint16_t> port;  // container port (tcp, http, native probes); unset: the main port
    std::string method = "GET";         // http
    std::string path = "/";             // http
    int status = 200;                   // http
    std::string body;                   // http: a regex the body must match
    bool https = false;                 // http
    bool insecure = false;              // http: https without certificate checks
    std::string regex;                  // log
    int occurrences = 1;                // log
    std::vector<std::string> command;   // exec
    std::vector<WaitStrategy> all;      // all
    yaml::Location location;
};

// x-dtx.init: run once the service is ready, in order. Exactly one of the three is set.
struct InitStep {
    std::string sql_file;              // absolute path of an SQL file (a glob became one step per file), or
    std::vector<std::string> command;  // exec: a command run in the service's container, or
    std::vector<std::string> run;      // run: a command run on the host in the spec's directory
                                       // (a string in the spec became /bin/sh -c STRING)
    yaml::Location location;
};

struct DtxService {
    std::optional<WaitStrategy> wait;
    std::optional<Millis> wait_timeout;
    std::map<std::string, std::string> exports;  // NAME -> template ({host}, {port:5432}, {env:X}, …)
    std::vector<InitStep> init;
    std::string kind;            // postgres, mysql, redis, memcached, s3, dynamodb, http, generic/none (no kind);
                                 // empty: from the image
    bool allow_failure = false;  // a non-zero exit while the command runs does not fail the run
};

struct Service {
    std::string name;
    std::string image;
    std::optional<Build> build;
    std::optional<std::vector<std::string>> command;     // unset: the image's CMD
    std::optional<std::vector<std::string>> entrypoint;  // unset: the image's ENTRYPOINT
    // env_file entries, then environment; nullopt: named without a value and unset in dtx's
    // environment, so the container gets it removed (the image's value does not apply), as Compose does.
    std::map<std::string, std::optional<std::string>> environment;
    std::map<std::string, std::string> labels;
    std::vector<PortMapping> ports;
    std::vector<PortMapping> expose;  // container ports only
    std::vector<Dependency> depends_on;
    std::optional<Healthcheck> healthcheck;
    std::vector<Tmpfs> tmpfs;
    std::vector<Mount> volumes;
    Resources limits;        // deploy.resources.limits, mem_limit, cpus, pids_limit
    Resources reservations;  // deploy.resources.reservations
    std::optional<std::int64_t> shm_size;
    std::vector<std::string> profiles;
    std::string user;
    std::string working_dir;
    std::string hostname;
    std::vector<std::string> extra_hosts;  // "name:ip"
    std::optional<bool> init;
    std::string stop_signal;
    std::optional<Millis> stop_grace_period;
    std::map<std::string, Ulimit> ulimits;
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    std::string platform;
    std::string pull_policy;                         // missing (default), always, never, build
    std::map<std::string, ServiceNetwork> networks;  // by network name
    std::vector<Link> links;
    std::vector<VolumesFrom> volumes_from;
    // network_mode, ipc, pid as written: "service:X" shares service X's namespace (and makes the
    // service depend on X), "container:NAME" a container's, else a mode (host, none, private, …).
    std::string network_mode;
    std::string ipc;
    std::string pid;
    DtxService dtx;  // x-dtx
    yaml::Location location;
};

struct NamedResource {
    std::string name;       // the engine's name: <project>_<key>, `name:`, or the key when external
    bool external = false;  // created outside the project; used, never created or removed
};

struct Project {
    std::string name;                               // from -p, COMPOSE_PROJECT_NAME, `name:`, or the spec's directory
    std::vector<std::string> files;                 // the spec files, in merge order
    std::string file;                               // the first of them
    std::string directory;                          // where relative paths resolve
    std::vector<Service> services;                  // active services, sorted by name
    std::vector<std::string> profiles;              // every profile any service names, active or not, sorted
    std::map<std::string, NamedResource> volumes;   // top-level named volumes by key
    std::map<std::string, NamedResource> networks;  // top-level networks by key
    std::string content_hash;                       // fingerprint of the spec files' text
    std::optional<Millis> wait_timeout;             // x-dtx.wait-timeout (default 60s)
    std::map<std::string, std::string> exports;     // x-dtx.export: NAME -> template

    const Service* find(const std::string& service) const;
};

}  // namespace dtx::compose
