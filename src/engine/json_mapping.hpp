#pragma once
// Docker Engine API JSON shared by every area: versions, ids, errors, filters. The areas have their
// own headers (json_containers.hpp, json_images.hpp, json_resources.hpp); together they are the
// only nlohmann users in engine/.

#include "engine/types.hpp"
#include "util/result.hpp"

#include <string>
#include <vector>

namespace dtx::engine::json {

// The `filters` query value for label filters: {"label":["a=b","c"]}.
std::string label_filters(const std::vector<std::string>& labels);

util::Result<VersionInfo> parse_version(const std::string& body);
// The "Id" of a create response.
util::Result<std::string> parse_id(const std::string& body);
// The engine's own "message" of an error body, or the body itself when it is not JSON.
std::string error_message(const std::string& body);

}  // namespace dtx::engine::json
