#pragma once
// Credentials for pulling an image, found in docker's own config.json the way the docker CLI
// finds them, so `docker login` is all a user needs. Credential helpers (credsStore, credHelpers)
// are programs dtx does not run yet: when only they hold the credentials, that is a clear failure.

#include "engine/docker_host.hpp"  // EnvLookup
#include "engine/types.hpp"
#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>

namespace dtx::engine {

// The address docker files Docker Hub credentials under.
inline constexpr const char* k_docker_hub_server = "https://index.docker.io/v1/";

// The registry of an image reference: its first path part when that contains '.' or ':' or is
// "localhost" ("127.0.0.1:5000/x:1" -> "127.0.0.1:5000"); otherwise Docker Hub, as "docker.io".
std::string registry_of(const std::string& ref);

// $DOCKER_CONFIG/config.json, else $HOME/.docker/config.json; "" when neither variable is set.
std::string docker_config_file(const EnvLookup& env);

// Credentials for pulling `ref`, from the text of a config.json (`file` names it in messages):
// `auths.<registry>.auth` (base64 "user:password"), or its "username"/"password", or its
// "identitytoken"; keys match by host, with or without a scheme or path. nullopt when the config
// has nothing for that registry. Fails with Errc::invalid, naming `file`, when the text is not a
// JSON object, an auth is not base64 "user:password", or only a credential helper holds the
// credentials (a credHelpers entry for the registry, or credsStore with an empty auths entry).
util::Result<std::optional<RegistryAuth>> registry_auth_from_config(const std::string& text, const std::string& file,
                                                                    const std::string& ref);

// The same from the config file the environment names; a missing file means no credentials.
util::Result<std::optional<RegistryAuth>> registry_auth_for(const std::string& ref, const EnvLookup& env);

}  // namespace dtx::engine
