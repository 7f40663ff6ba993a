#pragma once
// Docker Engine API JSON of images: inspect, pull and build progress, the registry auth header,
// the build query, and the credential part of docker's own config.json.

#include "engine/types.hpp"
#include "util/result.hpp"

#include <map>
#include <string>
#include <string_view>

namespace dtx::engine::json {

util::Result<ImageInfo> parse_image(const std::string& body);

// One line of a pull or build progress stream. `error` comes from "error", else from
// "errorDetail.message". Fails with Errc::invalid when the line is not a JSON object.
util::Result<Progress> parse_progress(std::string_view line);

// The X-Registry-Auth header value: base64url of {"username","password","serveraddress"}, or of
// {"identitytoken","serveraddress"} when the auth carries a token.
std::string registry_auth_header(const RegistryAuth& auth);

// The query string of POST /build, without the '?': dockerfile, one t per tag, target, buildargs
// and labels as JSON, nocache and pull when asked; intermediate containers are always removed.
std::string build_query(const BuildConfig& spec);

// One `auths` entry of docker's config.json, as written.
struct DockerConfigAuth {
    std::string auth;  // base64 "user:password"
    std::string username;
    std::string password;
    std::string identity_token;
};

// Where docker's config.json says credentials are.
struct DockerConfig {
    std::map<std::string, DockerConfigAuth> auths;    // keyed as written: "https://index.docker.io/v1/"
    std::map<std::string, std::string> cred_helpers;  // registry -> helper suffix ("gcloud")
    std::string creds_store;                          // the global helper suffix ("desktop")
};

// Fails with Errc::invalid (the parser's message) when `text` is not a JSON object; entries of the
// wrong type are skipped.
util::Result<DockerConfig> parse_docker_config(const std::string& text);

}  // namespace dtx::engine::json
