#pragma once
// Engine over the Docker Engine HTTP API. The API version is negotiated once, from /version.
// One class, its methods spread over a file per area (core, images, resources, containers); the
// JSON of each area lives in the matching json_*.cpp.

#include "engine/engine.hpp"
#include "engine/http_transport.hpp"

#include <functional>
#include <memory>

namespace dtx::engine {

// The newest API version dtx speaks, and the oldest it needs (Docker 19.03).
inline constexpr const char* k_max_api_version = "1.45";
inline constexpr const char* k_min_api_version = "1.40";

// "1.41" < "1.45": compares dotted version numbers numerically.
int compare_api_versions(const std::string& a, const std::string& b);

// Engine events, for the engine's own tests (dtx itself does not follow them).
using EventSink = std::function<bool(const Event&)>;

class DockerEngine final : public Engine {
public:
    explicit DockerEngine(std::unique_ptr<HttpTransport> transport);

    // Asks the engine for its API version and picks min(engine, k_max_api_version). Fails when the
    // engine is unreachable or older than k_min_api_version. Call once before anything else.
    Status negotiate();

    std::string endpoint() const override;
    std::string api_version() const override { return m_api_version; }
    // The unversioned /_ping; not part of Engine.
    Status ping();
    Result<VersionInfo> version() override;

    // docker_engine_images.cpp
    Result<ImageInfo> inspect_image(const std::string& ref) override;
    Status pull_image(const std::string& ref, const RegistryAuth* auth = nullptr,
                      const ProgressSink& progress = {}) override;
    Result<std::string> build_image(const BuildConfig& spec, const ProgressSink& progress = {}) override;
    // Not part of Engine: kept for the engine's own tests and their clean-up.
    Status tag_image(const std::string& source, const std::string& repo, const std::string& tag);
    Status remove_image(const std::string& ref, bool force);

    // docker_engine_resources.cpp
    Result<std::string> create_network(const NetworkConfig& spec) override;
    Result<NetworkInfo> inspect_network(const std::string& id_or_name) override;
    Status remove_network(const std::string& id_or_name) override;
    Result<std::vector<NetworkSummary>> list_networks(const LabelFilter& labels) override;
    // Not part of Engine: the volume name.
    Result<std::string> create_volume(const VolumeConfig& spec);
    Result<std::vector<VolumeSummary>> list_volumes(const LabelFilter& labels) override;
    Result<VolumeSummary> inspect_volume(const std::string& name) override;
    Status remove_volume(const std::string& name, bool force) override;

    // docker_engine_containers.cpp
    Result<std::string> create_container(const ContainerConfig& spec) override;
    Status start_container(const std::string& id) override;
    Result<ContainerState> inspect_container(const std::string& id) override;
    Status kill_container(const std::string& id, const std::string& signal) override;
    Status stop_container(const std::string& id, std::chrono::seconds grace) override;
    // Not part of Engine: blocks until the container is not running; returns its exit code.
    Result<int> wait_container(const std::string& id);
    Status remove_container(const std::string& id) override;
    Result<std::vector<ContainerSummary>> list_containers(const LabelFilter& labels) override;
    Result<std::string> logs(const std::string& id, int tail) override;
    Status stream_logs(const std::string& id, const LogOptions& options, bool tty, const OutputSink& sink,
                       const std::atomic<bool>* cancel = nullptr) override;
    Result<std::string> create_exec(const std::string& container, const ExecConfig& spec) override;
    Status start_exec(const std::string& exec_id, const ExecConfig& spec, const OutputSink& sink) override;
    Result<ExecState> inspect_exec(const std::string& exec_id) override;
    // Not part of Engine: events matching `filter`, in order, until the sink returns false,
    // `cancel`, or `until`; without `until` it follows with no timeout.
    Status events(const EventFilter& filter, const EventSink& sink, const std::atomic<bool>* cancel = nullptr);

private:
    // Sends `method path` under the negotiated prefix; a non-2xx status becomes a Failure that keeps
    // the engine's message, prefixed with `what`.
    Result<HttpResponse> call(const std::string& method, const std::string& path, const std::string& what,
                              std::string body = {}, std::chrono::milliseconds timeout = k_default_timeout);
    // The same for a prepared request (extra headers, content type, no timeout, …).
    Result<HttpResponse> call(HttpRequest request, const std::string& what);
    // A streamed exchange: a 2xx body goes to `sink` as it arrives; a non-2xx one becomes a Failure.
    Status call_stream(HttpRequest request, const std::string& what, const ChunkSink& sink);

    static constexpr std::chrono::milliseconds k_default_timeout{30'000};
    static constexpr std::chrono::milliseconds k_pull_timeout{600'000};

    std::unique_ptr<HttpTransport> m_transport;
    std::string m_api_version = k_min_api_version;
};

}  // namespace dtx::engine
