#pragma once
// The Docker seam: everything dtx asks of a container engine. Fakes implement it in tests.

#include "engine/types.hpp"
#include "util/result.hpp"

#include <string>
#include <vector>

namespace dtx::engine {

using util::Result;
using util::Status;

// Label filters are "key" or "key=value"; a resource must match all of them.
using LabelFilter = std::vector<std::string>;

class Engine {
public:
    virtual ~Engine() = default;

    // Where the engine is, for messages ("unix:///var/run/docker.sock").
    virtual std::string endpoint() const = 0;

    virtual Result<VersionInfo> version() = 0;

    // not_found when the image is not present locally.
    virtual Result<ImageInfo> inspect_image(const std::string& ref) = 0;
    // Pulls `ref` (the tag defaults to latest); fails with the engine's message.
    virtual Status pull_image(const std::string& ref) = 0;

    virtual Result<std::string> create_network(const NetworkSpec& spec) = 0;  // the network id
    virtual Status remove_network(const std::string& id_or_name) = 0;
    virtual Result<std::vector<NetworkSummary>> list_networks(const LabelFilter& labels) = 0;

    virtual Result<std::string> create_container(const ContainerSpec& spec) = 0;  // the container id
    virtual Status start_container(const std::string& id) = 0;
    virtual Result<ContainerState> inspect_container(const std::string& id) = 0;
    // Force-removes a container with its anonymous volumes; no stop grace.
    virtual Status remove_container(const std::string& id) = 0;
    // Running and stopped containers.
    virtual Result<std::vector<ContainerSummary>> list_containers(const LabelFilter& labels) = 0;

    // The last `tail` lines of stdout and stderr, interleaved as written.
    virtual Result<std::string> logs(const std::string& id, int tail) = 0;
};

}  // namespace dtx::engine
