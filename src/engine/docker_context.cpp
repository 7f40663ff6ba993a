#include "engine/docker_context.hpp"

#include "util/file.hpp"
#include "util/sha256.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

namespace dtx::engine {

namespace {

using nlohmann::json;

// The parsed file, or a message naming it. Parsing without exceptions keeps nlohmann's inside.
util::Result<json> read_json(const std::string& path) {
    auto text = util::read_text_file(path);
    if (!text) {
        // not_found and io (unreadable) stay what they are: callers may treat both as "no config".
        return util::fail(text.error().code == util::Errc::invalid ? util::Errc::invalid : text.error().code,
                          fmt::format("cannot read {}: {}", path, text.error().message));
    }
    json parsed = json::parse(text.value(), nullptr, false);
    if (parsed.is_discarded()) {
        return util::fail(util::Errc::invalid, fmt::format("{} is not valid JSON", path));
    }
    return parsed;
}

const json* member(const json& j, const char* key) {
    if (!j.is_object()) {
        return nullptr;
    }
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

// The names of the contexts stored under `meta_dir`, sorted, for "no such context" messages.
std::vector<std::string> known_contexts(const std::string& meta_dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(meta_dir, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        auto meta = read_json((it->path() / "meta.json").string());
        const json* name = meta ? member(meta.value(), "Name") : nullptr;
        if (name != nullptr && name->is_string()) {
            names.push_back(name->get<std::string>());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string not_found_message(const std::string& name, const std::string& origin, const std::string& meta_dir) {
    auto names = known_contexts(meta_dir);
    std::string known = "default";  // the CLI's built-in context, never stored
    for (const auto& n : names) {
        known += ", " + n;
    }
    return fmt::format(
        "Docker context \"{}\" (from {}) does not exist: it is not among the contexts in {} "
        "(known: {})",
        name, origin, meta_dir, known);
}

// The context's TLS settings when it has TLS files or skips verification; nullopt: plain.
std::optional<TlsConfig> context_tls(const std::string& tls_dir, const std::string& name, bool skip_verify) {
    std::string ca = tls_dir + "/ca.pem";
    std::string cert = tls_dir + "/cert.pem";
    std::string key = tls_dir + "/key.pem";
    bool has_ca = util::is_regular_file(ca);
    bool has_cert = util::is_regular_file(cert);
    bool has_key = util::is_regular_file(key);
    bool has_pair = has_cert && has_key;
    if (!has_ca && !has_cert && !has_key && !skip_verify) {
        return std::nullopt;
    }
    TlsConfig tls{!skip_verify, "", "", "", skip_verify ? "no certificates (SkipTLSVerify)" : "the system's CA store"};
    if (has_ca && tls.verify) {
        tls.ca_file = ca;
    }
    if (has_pair) {
        tls.cert_file = cert;
        tls.key_file = key;
    }
    if (!tls.ca_file.empty() || has_pair) {
        tls.origin = fmt::format("the certificates of context \"{}\" in {}", name, tls_dir);
    }
    return tls;
}

}  // namespace

std::optional<std::string> docker_config_dir(const EnvLookup& env) {
    if (auto dir = env("DOCKER_CONFIG"); dir && !dir->empty()) {
        return *dir;
    }
    if (auto home = env("HOME"); home && !home->empty()) {
        return *home + "/.docker";
    }
    return std::nullopt;
}

util::Result<std::optional<std::string>> current_context(const std::string& config_dir) {
    auto config = read_json(config_dir + "/config.json");
    if (!config) {
        if (config.error().code == util::Errc::not_found) {
            return std::optional<std::string>();
        }
        return config.error();
    }
    const json* current = member(config.value(), "currentContext");
    if (current == nullptr || !current->is_string() || current->get<std::string>().empty()) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(current->get<std::string>());
}

util::Result<Endpoint> context_endpoint(const std::string& config_dir, const std::string& name,
                                        const std::string& origin) {
    // The CLI names a context's directories by the SHA-256 of its name, so any name is a safe path.
    std::string id = util::sha256_hex(name);
    std::string meta_dir = config_dir + "/contexts/meta";
    std::string meta_path = fmt::format("{}/{}/meta.json", meta_dir, id);
    auto meta = read_json(meta_path);
    if (!meta) {
        if (meta.error().code == util::Errc::not_found) {
            return util::fail(util::Errc::invalid, not_found_message(name, origin, meta_dir));
        }
        return util::fail(util::Errc::invalid,
                          fmt::format("Docker context \"{}\" (from {}): {}", name, origin, meta.error().message));
    }
    const json* endpoints = member(meta.value(), "Endpoints");
    const json* docker = endpoints != nullptr ? member(*endpoints, "docker") : nullptr;
    const json* host = docker != nullptr ? member(*docker, "Host") : nullptr;
    if (host == nullptr || !host->is_string() || host->get<std::string>().empty()) {
        return util::fail(util::Errc::invalid, fmt::format("Docker context \"{}\" (from {}): {} has no "
                                                           "Endpoints.docker.Host",
                                                           name, origin, meta_path));
    }
    const json* skip = member(*docker, "SkipTLSVerify");
    bool skip_verify = skip != nullptr && skip->is_boolean() && skip->get<bool>();
    auto tls = context_tls(fmt::format("{}/contexts/tls/{}/docker", config_dir, id), name, skip_verify);
    auto endpoint =
        parse_docker_host(host->get<std::string>(), tls.has_value(), fmt::format("Docker context \"{}\" Host", name));
    if (endpoint && endpoint->tls) {
        endpoint->tls = tls.value_or(*endpoint->tls);  // https:// without TLS files: the system's CAs
    }
    return endpoint;
}

}  // namespace dtx::engine
