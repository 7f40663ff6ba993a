#include "engine/json_images.hpp"

#include "engine/json_common.hpp"
#include "util/base64.hpp"
#include "util/percent.hpp"

namespace dtx::engine::json {

namespace {

std::int64_t int_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

const json* object_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
}

std::string json_map(const std::map<std::string, std::string>& values) {
    json j = json::object();
    for (const auto& [k, v] : values) {
        j[k] = v;
    }
    return j.dump();
}

// The keys of an image config's ExposedPorts ("5432/tcp").
std::vector<std::string> exposed_ports(const json& config) {
    std::vector<std::string> ports;
    auto exposed = config.find("ExposedPorts");
    if (exposed != config.end() && exposed->is_object()) {
        for (const auto& [key, unused] : exposed->items()) {
            ports.push_back(key);
        }
    }
    return ports;
}

// The string words of an image config's Healthcheck.Test; empty without one.
std::vector<std::string> healthcheck_test(const json& config) {
    const json* health = object_at(config, "Healthcheck");
    return health == nullptr ? std::vector<std::string>{} : strings(*health, "Test");
}

}  // namespace

util::Result<ImageInfo> parse_image(const std::string& body) {
    return parse_with<ImageInfo>(body, "image", [](const json& j) {
        ImageInfo info{str(j, "Id"), {}, {}};
        info.created = str(j, "Created");
        if (const json* config = object_at(j, "Config")) {
            info.exposed_ports = exposed_ports(*config);
            info.healthcheck = healthcheck_test(*config);
            info.env = strings(*config, "Env");
        }
        return info;
    });
}

util::Result<Progress> parse_progress(std::string_view line) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) {
        return util::fail(util::Errc::invalid, fmt::format("not a progress message: {}", line));
    }
    Progress p;
    p.id = str(j, "id");
    p.status = str(j, "status");
    p.stream = str(j, "stream");
    if (const json* detail = object_at(j, "progressDetail")) {
        p.current = int_at(*detail, "current");
        p.total = int_at(*detail, "total");
    }
    p.error = str(j, "error");
    if (const json* detail = object_at(j, "errorDetail"); detail != nullptr && p.error.empty()) {
        p.error = str(*detail, "message");
    }
    // BuildKit sends other aux payloads (traces, as base64 strings); only the classic image id counts.
    if (const json* aux = object_at(j, "aux")) {
        p.aux_id = str(*aux, "ID");
    }
    return p;
}

std::string registry_auth_header(const RegistryAuth& auth) {
    json j = json::object();
    if (!auth.identity_token.empty()) {
        j["identitytoken"] = auth.identity_token;
    } else {
        j["username"] = auth.username;
        j["password"] = auth.password;
    }
    if (!auth.server.empty()) {
        j["serveraddress"] = auth.server;
    }
    return util::base64url_encode(j.dump());
}

std::string build_query(const BuildConfig& spec) {
    std::string query = "dockerfile=" + util::percent_encode(spec.dockerfile);
    for (const auto& tag : spec.tags) {
        query += "&t=" + util::percent_encode(tag);
    }
    if (!spec.target.empty()) {
        query += "&target=" + util::percent_encode(spec.target);
    }
    if (!spec.build_args.empty()) {
        query += "&buildargs=" + util::percent_encode(json_map(spec.build_args));
    }
    if (!spec.labels.empty()) {
        query += "&labels=" + util::percent_encode(json_map(spec.labels));
    }
    if (spec.no_cache) {
        query += "&nocache=1";
    }
    if (spec.pull) {
        query += "&pull=1";
    }
    if (!spec.remote.empty()) {
        query += "&remote=" + util::percent_encode(spec.remote);
    }
    // A failed step must not leave its container behind: test machines build over and over.
    query += "&rm=1&forcerm=1";
    return query;
}

util::Result<DockerConfig> parse_docker_config(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        return util::fail(util::Errc::invalid, e.what());
    }
    if (!j.is_object()) {
        return util::fail(util::Errc::invalid, "not a JSON object");
    }
    DockerConfig config;
    if (const json* auths = object_at(j, "auths")) {
        for (const auto& [key, entry] : auths->items()) {
            if (entry.is_object()) {
                config.auths[key] = {str(entry, "auth"), str(entry, "username"), str(entry, "password"),
                                     str(entry, "identitytoken")};
            }
        }
    }
    if (const json* helpers = object_at(j, "credHelpers")) {
        config.cred_helpers = labels_of(*helpers);
    }
    config.creds_store = str(j, "credsStore");
    return config;
}

}  // namespace dtx::engine::json
