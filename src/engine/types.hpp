#pragma once
// Value types of the Engine API as dtx uses them; no Compose or run concepts here.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dtx::engine {

using Labels = std::map<std::string, std::string>;

// Which stream a piece of container output came from.
enum class StreamKind : std::uint8_t { stdin_ = 0, stdout_ = 1, stderr_ = 2 };

struct VersionInfo {
    std::string version;          // the engine's own version, e.g. "20.10.24"
    std::string api_version;      // the highest API version the engine speaks, e.g. "1.41"
    std::string min_api_version;  // the lowest one it still accepts
    std::string os;
    std::string arch;
};

struct ImageInfo {
    std::string id;
    std::vector<std::string> exposed_ports;  // "5432/tcp", in the image's order
    std::vector<std::string> healthcheck;    // HEALTHCHECK's test (["CMD-SHELL", "…"]); empty: none
    std::string created{};                   // RFC 3339, when it was built; empty: unknown
    std::vector<std::string> env{};          // Config.Env: "KEY=VALUE", inherited from the base image
};

struct NetworkConfig {
    std::string name;
    Labels labels;
    std::string subnet{};   // CIDR, e.g. "10.201.3.0/28"; empty: the engine picks from its pools
    std::string gateway{};  // optional, inside `subnet`
    bool internal = false;
};

struct NetworkInfo {
    std::string id;
    std::string name;
    std::string driver;
    Labels labels;
    std::vector<std::string> subnets;     // CIDRs of the network's IPAM config
    std::vector<std::string> containers;  // ids of the attached containers
};

struct PortConfig {
    std::uint16_t container_port = 0;
    std::string protocol = "tcp";
    std::string host_ip = "127.0.0.1";
    std::uint16_t host_port = 0;  // 0: the engine picks a free ephemeral port
};

struct Ulimit {
    std::string name;  // "nofile"
    std::int64_t soft = 0;
    std::int64_t hard = 0;
};

// A filesystem the container sees: a host directory, a named or anonymous volume, or a tmpfs.
struct Mount {
    enum class Type { bind, volume, tmpfs };
    Type type = Type::volume;
    std::string source;  // host path (bind), volume name (empty: anonymous); unused for tmpfs
    std::string target;  // absolute path in the container
    bool read_only = false;
    Labels volume_labels;          // for a volume the engine creates on the fly
    std::int64_t tmpfs_size = 0;   // bytes, 0: the engine's default
    std::uint32_t tmpfs_mode = 0;  // e.g. 01777, 0: the engine's default
    bool create_host_path = true;  // bind: create a missing source directory (Compose's default)
    std::string selinux;           // bind: "z" (shared) or "Z" (private) relabelling
    std::string propagation;       // bind: rprivate, rshared, …
    bool no_copy = false;          // volume: do not copy the image's content into a new volume
};

struct HealthcheckConfig {
    std::vector<std::string> test;  // {"CMD-SHELL", "pg_isready"}, {"CMD", …}, {"NONE"}
    std::chrono::nanoseconds interval{0};
    std::chrono::nanoseconds timeout{0};
    std::chrono::nanoseconds start_period{0};
    std::chrono::nanoseconds start_interval{0};  // API 1.44+; dropped with a warning before
    int retries = 0;
};

struct ContainerConfig {
    std::string name;
    std::string image;
    std::vector<std::string> env;                        // "KEY=VALUE"
    std::optional<std::vector<std::string>> cmd;         // unset: the image's CMD
    std::optional<std::vector<std::string>> entrypoint;  // unset: the image's; empty list: none
    std::string user;
    std::string working_dir;
    std::string hostname;
    Labels labels;
    std::vector<PortConfig> ports;     // each exposed and published
    std::vector<std::string> expose;   // exposed only: "8080/tcp"
    std::string network;               // attached at creation
    std::vector<std::string> aliases;  // DNS names on `network`
    // HostConfig.NetworkMode when not `network`: "container:NAME", host, none, bridge.
    std::string network_mode;
    std::string ipc_mode;                   // "container:NAME", host, private, shareable; empty: the engine's
    std::string pid_mode;                   // "container:NAME", host; empty: its own
    std::vector<std::string> volumes_from;  // "NAME[:ro]"
    std::vector<Mount> mounts;
    // HostConfig.Tmpfs: target -> mount options ("size=8388608,mode=1770,noexec"); unlike a tmpfs
    // Mount it takes every tmpfs flag on every API version.
    std::map<std::string, std::string> tmpfs;
    std::int64_t memory = 0;              // bytes, 0: unlimited
    std::int64_t memory_reservation = 0;  // bytes
    std::int64_t nano_cpus = 0;           // 1.5 CPUs = 1'500'000'000
    std::int64_t pids_limit = 0;          // 0: unlimited
    std::int64_t shm_size = 0;            // bytes, 0: the engine's default (64 MiB)
    std::vector<Ulimit> ulimits;
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    std::optional<bool> init;
    std::vector<std::string> extra_hosts;  // "host:ip"
    std::string stop_signal;
    std::optional<int> stop_timeout;  // seconds between stop_signal and SIGKILL (stop_grace_period)
    std::optional<HealthcheckConfig> healthcheck;
    bool tty = false;
    bool open_stdin = false;
};

struct PublishedPort {
    std::uint16_t container_port = 0;
    std::string protocol;
    std::string host_ip;
    std::uint16_t host_port = 0;
};

struct ContainerState {
    std::string id;
    std::string name;
    std::string image;   // the image id
    std::string status;  // created, running, exited, dead, …
    bool running = false;
    bool restarting = false;
    int exit_code = 0;
    bool oom_killed = false;
    bool tty = false;  // created with a TTY: its logs are a raw stream, not multiplexed
    std::string error;
    std::string health;  // "", starting, healthy, unhealthy
    int restart_count = 0;
    std::string started_at;  // RFC 3339, as the engine reports it
    std::string finished_at;
    Labels labels;
    std::vector<PublishedPort> ports;
    std::map<std::string, std::string> network_ips;  // network name -> the container's address
};

struct ContainerSummary {
    std::string id;
    std::string name;
    std::string state;
    Labels labels;
};

struct NetworkSummary {
    std::string id;
    std::string name;
    Labels labels;
};

struct LogOptions {
    bool stdout_ = true;
    bool stderr_ = true;
    int tail = -1;           // the last N lines; -1: all
    std::int64_t since = 0;  // unix seconds; 0: from the start
    bool timestamps = false;
    bool follow = false;  // keep streaming until the container stops or the sink says stop
};

struct ExecConfig {
    std::vector<std::string> cmd;
    std::vector<std::string> env;  // "KEY=VALUE", added to the container's
    std::string user;
    std::string working_dir;
    bool tty = false;
    bool attach = true;  // stream stdout/stderr back; false: run detached
};

struct ExecState {
    bool running = false;
    int exit_code = 0;
    int pid = 0;
};

struct EventFilter {
    std::vector<std::string> labels;   // "key" or "key=value"
    std::vector<std::string> types;    // "container", "network", "volume", "image"
    std::vector<std::string> actions;  // "die", "oom", "health_status", …
    std::int64_t since = 0;            // unix seconds; 0: from now
    std::int64_t until = 0;            // unix seconds; 0: follow until stopped
};

struct Event {
    std::string type;    // "container"
    std::string action;  // "die", "oom", "health_status: healthy", …
    std::string id;      // the actor's id
    Labels attributes;   // the actor's attributes: labels, "exitCode", "name", "image"
    std::int64_t time_nano = 0;
};

// One message of a pull or build progress stream (JSON lines).
struct Progress {
    std::string id;      // layer id (pull), empty for build
    std::string status;  // "Downloading", "Pull complete", …
    std::string stream;  // build output text
    std::int64_t current = 0;
    std::int64_t total = 0;
    std::string error;   // set: the operation failed
    std::string aux_id;  // build: the image id ("sha256:…")
};

struct RegistryAuth {
    std::string username;
    std::string password;
    std::string server;  // "127.0.0.1:5000", "https://index.docker.io/v1/"
    std::string identity_token;
};

struct BuildConfig {
    std::string context_tar;                // the build context as an (uncompressed) tar archive
    std::string remote;                     // else a git or tarball URL the engine fetches (context_tar empty)
    std::string dockerfile = "Dockerfile";  // path inside the context
    std::vector<std::string> tags;          // "dtx-test/app:1"
    std::string target;                     // multi-stage target, empty: the last stage
    std::map<std::string, std::string> build_args;
    Labels labels;
    bool no_cache = false;
    bool pull = false;  // always attempt to pull a newer base
    // When set, the build stops soon after this becomes true (the engine abandons it with the
    // request) and build_image fails: a long build must not outlast Ctrl-C.
    const std::atomic<bool>* cancel = nullptr;
};

struct VolumeConfig {
    std::string name;  // empty: the engine names it
    Labels labels;
};

struct VolumeSummary {
    std::string name;
    std::string driver;
    std::string mountpoint;
    Labels labels;
};

}  // namespace dtx::engine
