#pragma once
// Docker CLI contexts (`docker context create/use`), read from the CLI's config directory so dtx
// follows the same context as `docker`. Layout, as the docker CLI writes it:
//   <config>/config.json                                   {"currentContext": "NAME", …}
//   <config>/contexts/meta/<sha256(NAME)>/meta.json        {"Name": …, "Endpoints": {"docker":
//                                                            {"Host": "unix:///…" or "tcp://…",
//                                                             "SkipTLSVerify": bool}}}
//   <config>/contexts/tls/<sha256(NAME)>/docker/{ca,cert,key}.pem   when the context has TLS files
// This is the one engine file outside json_*.cpp that parses JSON (the CLI's files, not the API's).

#include "engine/docker_host.hpp"
#include "util/result.hpp"

#include <optional>
#include <string>

namespace dtx::engine {

// The docker CLI's config directory: DOCKER_CONFIG, else $HOME/.docker; nullopt when neither is set.
std::optional<std::string> docker_config_dir(const EnvLookup& env);

// `currentContext` of <config_dir>/config.json; nullopt when the file, the key or its value is
// missing. Fails with Errc::invalid, naming the file, when it cannot be read or is not JSON.
util::Result<std::optional<std::string>> current_context(const std::string& config_dir);

// The engine endpoint of context `name`. TLS is on when the context has TLS files or SkipTLSVerify:
// it verifies unless SkipTLSVerify, against its ca.pem when present (else the system's CA store),
// presenting its cert.pem/key.pem when both are present. `origin` says what chose the context
// ("DOCKER_CONTEXT", "currentContext in …/config.json"), for messages. Fails with Errc::invalid
// when the context does not exist (naming it, the meta directory and the contexts found there), or
// its meta.json is unreadable, or has no docker Host, or the Host cannot be parsed.
util::Result<Endpoint> context_endpoint(const std::string& config_dir, const std::string& name,
                                        const std::string& origin);

}  // namespace dtx::engine
