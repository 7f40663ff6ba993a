#pragma once
// Docker Engine API JSON <-> engine value types. The only nlohmann user in engine/.

#include "engine/types.hpp"
#include "util/result.hpp"

#include <string>
#include <vector>

namespace dtx::engine::json {

std::string container_create_body(const ContainerSpec& spec);
std::string network_create_body(const NetworkSpec& spec);
// The `filters` query value for label filters: {"label":["a=b","c"]}.
std::string label_filters(const std::vector<std::string>& labels);

util::Result<VersionInfo> parse_version(const std::string& body);
util::Result<ImageInfo> parse_image(const std::string& body);
util::Result<ContainerState> parse_container(const std::string& body);
util::Result<std::vector<ContainerSummary>> parse_container_list(const std::string& body);
util::Result<std::vector<NetworkSummary>> parse_network_list(const std::string& body);
// The "Id" of a create response.
util::Result<std::string> parse_id(const std::string& body);
// The engine's own "message" of an error body, or the body itself when it is not JSON.
std::string error_message(const std::string& body);
// The first {"error": …} of a JSON-lines progress stream (pull, build), "" when there is none.
std::string stream_error(const std::string& body);

}  // namespace dtx::engine::json
