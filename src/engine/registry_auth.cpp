#include "engine/registry_auth.hpp"

#include "engine/docker_context.hpp"
#include "engine/json_images.hpp"
#include "util/base64.hpp"
#include "util/file.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace dtx::engine {

namespace {

constexpr const char* k_hub_registry = "docker.io";

bool is_hub_host(const std::string& host) {
    return host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io";
}

// "https://127.0.0.1:5000/v2/" -> "127.0.0.1:5000": config keys may be URLs or bare hosts.
std::string host_of(const std::string& key) {
    std::string host = key;
    if (auto scheme = host.find("://"); scheme != std::string::npos) {
        host.erase(0, scheme + 3);
    }
    return host.substr(0, host.find('/'));
}

bool same_registry(const std::string& key, const std::string& registry) {
    std::string host = host_of(key);
    return registry == k_hub_registry ? is_hub_host(host) : host == registry;
}

// An exact key first (docker's own spelling), then the first key of the same host.
template <class Map>
auto find_registry(const Map& map, const std::string& registry) {
    std::string exact = registry == k_hub_registry ? k_docker_hub_server : registry;
    if (auto it = map.find(exact); it != map.end()) {
        return it;
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (same_registry(it->first, registry)) {
            return it;
        }
    }
    return map.end();
}

util::Failure helper_unsupported(const std::string& helper, const std::string& file, const std::string& ref) {
    return util::fail(util::Errc::invalid,
                      fmt::format("{}: credential helper docker-credential-{} is not supported by dtx yet; run "
                                  "`docker pull {}` first or put the auth in config.json",
                                  file, helper, ref));
}

util::Result<RegistryAuth> decode_entry(const json::DockerConfigAuth& entry, const std::string& server,
                                        const std::string& file) {
    RegistryAuth auth{entry.username, entry.password, server, entry.identity_token};
    if (entry.auth.empty()) {
        return auth;
    }
    auto decoded = util::base64_decode(entry.auth);
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) {
        return util::fail(util::Errc::invalid,
                          fmt::format("{}: the auth for {} is not base64 \"user:password\"", file, server));
    }
    auth.username = decoded->substr(0, colon);
    auth.password = decoded->substr(colon + 1);
    return auth;
}

}  // namespace

std::string registry_of(const std::string& ref) {
    auto slash = ref.find('/');
    if (slash == std::string::npos) {
        return k_hub_registry;
    }
    std::string first = ref.substr(0, slash);
    bool is_host = first.find_first_of(".:") != std::string::npos || first == "localhost";
    if (!is_host || is_hub_host(first)) {
        return k_hub_registry;
    }
    return first;
}

std::string docker_config_file(const EnvLookup& env) {
    auto dir = docker_config_dir(env);
    return dir ? *dir + "/config.json" : "";
}

util::Result<std::optional<RegistryAuth>> registry_auth_from_config(const std::string& text, const std::string& file,
                                                                    const std::string& ref) {
    auto config = json::parse_docker_config(text);
    if (!config) {
        return util::fail(util::Errc::invalid, fmt::format("cannot read {}: {}", file, config.error().message));
    }
    std::string registry = registry_of(ref);
    std::string server = registry == k_hub_registry ? k_docker_hub_server : registry;
    auto entry = find_registry(config->auths, registry);
    bool has_entry = entry != config->auths.end();
    if (has_entry) {
        const auto& e = entry->second;
        if (!e.auth.empty() || !e.username.empty() || !e.password.empty() || !e.identity_token.empty()) {
            auto auth = decode_entry(e, server, file);
            if (!auth) {
                return auth.error();
            }
            return std::optional<RegistryAuth>(std::move(auth).value());
        }
    }
    if (auto helper = find_registry(config->cred_helpers, registry); helper != config->cred_helpers.end()) {
        return helper_unsupported(helper->second, file, ref);
    }
    // A store keeps an empty auths entry for each registry it holds; without one, the registry has
    // no credentials at all and an anonymous pull is what docker would do too.
    if (!config->creds_store.empty() && has_entry) {
        return helper_unsupported(config->creds_store, file, ref);
    }
    return std::optional<RegistryAuth>();
}

util::Result<std::optional<RegistryAuth>> registry_auth_for(const std::string& ref, const EnvLookup& env) {
    std::string file = docker_config_file(env);
    if (file.empty()) {
        return std::optional<RegistryAuth>();
    }
    auto text = util::read_text_file(file);
    if (!text) {
        if (text.error().code == util::Errc::not_found) {
            return std::optional<RegistryAuth>();
        }
        if (text.error().code == util::Errc::io) {
            // As the docker CLI does: a config this user may not read is warned about and ignored.
            spdlog::warn("cannot read {}: {}; pulling without credentials", file, text.error().message);
            return std::optional<RegistryAuth>();
        }
        return util::fail(text.error().code, fmt::format("cannot read {}: {}", file, text.error().message));
    }
    return registry_auth_from_config(*text, file, ref);
}

}  // namespace dtx::engine
