#include "engine/json_mapping.hpp"

#include "engine/json_common.hpp"

namespace dtx::engine::json {

std::string label_filters(const std::vector<std::string>& labels) {
    json filters;
    filters["label"] = labels;
    return filters.dump();
}

util::Result<VersionInfo> parse_version(const std::string& body) {
    return parse_with<VersionInfo>(body, "version", [](const json& j) {
        return VersionInfo{str(j, "Version"), str(j, "ApiVersion"), str(j, "MinAPIVersion"), str(j, "Os"),
                           str(j, "Arch")};
    });
}

util::Result<std::string> parse_id(const std::string& body) {
    return parse_with<std::string>(body, "create", [](const json& j) {
        std::string id = str(j, "Id");
        if (id.empty()) {
            throw json::other_error::create(501, "no Id in the answer", &j);
        }
        return id;
    });
}

std::string error_message(const std::string& body) {
    try {
        auto j = json::parse(body);
        std::string message = str(j, "message");
        if (!message.empty()) {
            return message;
        }
    } catch (const json::exception&) {
    }
    std::string trimmed = body;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) {
        trimmed.pop_back();
    }
    return trimmed;
}

}  // namespace dtx::engine::json
