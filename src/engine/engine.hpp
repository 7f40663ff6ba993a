#pragma once
// The Docker seam: everything dtx asks of a container engine above this folder, and nothing more
// (DockerEngine has a few more calls for the engine's own tests). Fakes implement it in tests.
// Every call has a timeout except follow streams (logs with follow), which end when their sink
// returns false or `cancel` becomes true.

#include "engine/types.hpp"
#include "util/result.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dtx::engine {

using util::Result;
using util::Status;

// Label filters are "key" or "key=value"; a resource must match all of them.
using LabelFilter = std::vector<std::string>;

// Output of a container or exec; returns false to stop reading.
using OutputSink = std::function<bool(StreamKind, std::string_view)>;
using ProgressSink = std::function<void(const Progress&)>;

class Engine {
public:
    virtual ~Engine() = default;

    // Where the engine is, for messages ("unix:///var/run/docker.sock").
    virtual std::string endpoint() const = 0;
    // The API version in use ("1.41"), after negotiation.
    virtual std::string api_version() const = 0;

    virtual Result<VersionInfo> version() = 0;

    // --- images ---
    // not_found when the image is not present locally.
    virtual Result<ImageInfo> inspect_image(const std::string& ref) = 0;
    // Pulls `ref` (the tag defaults to latest), with credentials when given; fails with the
    // engine's message, also when the failure arrives inside the progress stream.
    virtual Status pull_image(const std::string& ref, const RegistryAuth* auth = nullptr,
                              const ProgressSink& progress = {}) = 0;
    // Builds from a tar context; returns the image id.
    virtual Result<std::string> build_image(const BuildConfig& spec, const ProgressSink& progress = {}) = 0;

    // --- networks ---
    virtual Result<std::string> create_network(const NetworkConfig& spec) = 0;  // the network id
    virtual Result<NetworkInfo> inspect_network(const std::string& id_or_name) = 0;
    virtual Status remove_network(const std::string& id_or_name) = 0;
    virtual Result<std::vector<NetworkSummary>> list_networks(const LabelFilter& labels) = 0;

    // --- volumes ---
    virtual Result<std::vector<VolumeSummary>> list_volumes(const LabelFilter& labels) = 0;
    virtual Result<VolumeSummary> inspect_volume(const std::string& name) = 0;  // not_found: there is none
    virtual Status remove_volume(const std::string& name, bool force) = 0;

    // --- containers ---
    virtual Result<std::string> create_container(const ContainerConfig& spec) = 0;  // the container id
    virtual Status start_container(const std::string& id) = 0;
    virtual Result<ContainerState> inspect_container(const std::string& id) = 0;
    // Sends a signal ("SIGTERM", "KILL", "9").
    virtual Status kill_container(const std::string& id, const std::string& signal) = 0;
    // Stops it as `docker stop` does: its stop signal, then SIGKILL after `grace`; one that is not
    // running is no failure. Returns once it has stopped.
    virtual Status stop_container(const std::string& id, std::chrono::seconds grace) = 0;
    // Force-removes a container with its anonymous volumes; no stop grace.
    virtual Status remove_container(const std::string& id) = 0;
    // Running and stopped containers.
    virtual Result<std::vector<ContainerSummary>> list_containers(const LabelFilter& labels) = 0;

    // The last `tail` lines of stdout and stderr, interleaved as written.
    virtual Result<std::string> logs(const std::string& id, int tail) = 0;
    // Logs delivered as they are read; `tty`: the container runs with a TTY (a raw stream, all stdout).
    virtual Status stream_logs(const std::string& id, const LogOptions& options, bool tty, const OutputSink& sink,
                               const std::atomic<bool>* cancel = nullptr) = 0;

    // --- exec ---
    virtual Result<std::string> create_exec(const std::string& container, const ExecConfig& spec) = 0;  // exec id
    // Starts the exec; with spec.attach, streams its output to `sink` until it ends.
    virtual Status start_exec(const std::string& exec_id, const ExecConfig& spec, const OutputSink& sink) = 0;
    virtual Result<ExecState> inspect_exec(const std::string& exec_id) = 0;
};

}  // namespace dtx::engine
