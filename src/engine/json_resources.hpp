#pragma once
// Docker Engine API JSON of networks and volumes.

#include "engine/types.hpp"
#include "util/result.hpp"

#include <string>
#include <vector>

namespace dtx::engine::json {

std::string network_create_body(const NetworkConfig& spec);
util::Result<NetworkInfo> parse_network(const std::string& body);
util::Result<std::vector<NetworkSummary>> parse_network_list(const std::string& body);
std::string volume_create_body(const VolumeConfig& spec);
// The "Name" of a volume create answer.
util::Result<std::string> parse_volume_name(const std::string& body);
util::Result<std::vector<VolumeSummary>> parse_volume_list(const std::string& body);
util::Result<VolumeSummary> parse_volume(const std::string& body);

}  // namespace dtx::engine::json
