#pragma once
// Engine over the Docker Engine HTTP API. The API version is negotiated once, from /version.

#include "engine/engine.hpp"
#include "engine/http_transport.hpp"

#include <memory>

namespace dtx::engine {

// The newest API version dtx speaks, and the oldest it needs (Docker 19.03).
inline constexpr const char* k_max_api_version = "1.45";
inline constexpr const char* k_min_api_version = "1.40";

// "1.41" < "1.45": compares dotted version numbers numerically.
int compare_api_versions(const std::string& a, const std::string& b);

class DockerEngine final : public Engine {
public:
    explicit DockerEngine(std::unique_ptr<HttpTransport> transport);

    // Asks the engine for its API version and picks min(engine, k_max_api_version). Fails when the
    // engine is unreachable or older than k_min_api_version. Call once before anything else.
    Status negotiate();
    const std::string& api_version() const { return m_api_version; }

    std::string endpoint() const override;
    Result<VersionInfo> version() override;
    Result<ImageInfo> inspect_image(const std::string& ref) override;
    Status pull_image(const std::string& ref) override;
    Result<std::string> create_network(const NetworkSpec& spec) override;
    Status remove_network(const std::string& id_or_name) override;
    Result<std::vector<NetworkSummary>> list_networks(const LabelFilter& labels) override;
    Result<std::string> create_container(const ContainerSpec& spec) override;
    Status start_container(const std::string& id) override;
    Result<ContainerState> inspect_container(const std::string& id) override;
    Status remove_container(const std::string& id) override;
    Result<std::vector<ContainerSummary>> list_containers(const LabelFilter& labels) override;
    Result<std::string> logs(const std::string& id, int tail) override;

private:
    // Sends `method path` under the negotiated prefix; a non-2xx status becomes a Failure that keeps
    // the engine's message, prefixed with `what`.
    Result<HttpResponse> call(const std::string& method, const std::string& path, const std::string& what,
                              std::string body = {}, std::chrono::milliseconds timeout = k_default_timeout);

    static constexpr std::chrono::milliseconds k_default_timeout{30'000};
    static constexpr std::chrono::milliseconds k_pull_timeout{600'000};

    std::unique_ptr<HttpTransport> m_transport;
    std::string m_api_version = k_min_api_version;
};

}  // namespace dtx::engine
