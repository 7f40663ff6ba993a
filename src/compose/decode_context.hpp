#pragma once
// Shared by the decoders: where we are, how to read typed values from a Node, and where problems go.
// A decoder that meets a bad value records it and throws Invalid; the caller catches it at the
// level of one key, so one run reports every bad key of every service.

#include "compose/keys.hpp"
#include "compose/model.hpp"
#include "util/env_lookup.hpp"
#include "yaml/tree.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace dtx::compose {

using EnvLookup = util::EnvLookup;

struct Invalid {};  // thrown after an error was recorded

class DecodeContext {
public:
    explicit DecodeContext(std::string directory) : m_directory(std::move(directory)) {}

    std::vector<yaml::Diagnostic> errors;
    std::vector<yaml::Diagnostic> warnings;
    EnvLookup lookup;  // interpolation's variables: the process environment, then .env
    const std::string& directory() const { return m_directory; }

    void error(const yaml::Node& node, const std::string& path, const std::string& message);
    [[noreturn]] void fail(const yaml::Node& node, const std::string& path, const std::string& message);
    void warn(const yaml::Node& node, const std::string& path, const std::string& message);

    // Typed reads; each fails with "expected …, found …" or a syntax message.
    std::string string(const yaml::Node& node, const std::string& path, const char* what = "a string");
    bool boolean(const yaml::Node& node, const std::string& path);
    std::int64_t integer(const yaml::Node& node, const std::string& path);
    double number(const yaml::Node& node, const std::string& path);
    Millis duration(const yaml::Node& node, const std::string& path);
    std::int64_t byte_size(const yaml::Node& node, const std::string& path);
    std::vector<std::string> string_list(const yaml::Node& node, const std::string& path);
    // A list of strings, or one string split into words like a shell would.
    std::vector<std::string> command(const yaml::Node& node, const std::string& path);
    // A mapping of KEY: VALUE, or a list of "KEY=VALUE"; a KEY without a value (`KEY:` or "KEY") maps
    // to nullopt, for the caller to resolve.
    std::map<std::string, std::optional<std::string>> key_values(const yaml::Node& node, const std::string& path);
    // key_values where a missing value is "" (labels).
    std::map<std::string, std::string> labels(const yaml::Node& node, const std::string& path);
    void expect_mapping(const yaml::Node& node, const std::string& path);

    // Checks every key of the mapping `node`: honoured keys pass, Compose keys dtx ignores warn,
    // unknown keys are errors with the closest of `known`, else `known_hint`.
    void check_keys(const yaml::Node& node, const std::string& path, KeySupport (*support)(std::string_view),
                    std::span<const std::string_view> known, const std::string& known_hint);

    // Runs `decode` and swallows Invalid (the error is already recorded).
    template <class F>
    void guarded(F&& decode) {
        try {
            decode();
        } catch (const Invalid&) {
        }
    }

private:
    std::string m_directory;
};

// "services.db" + "ports" -> "services.db.ports"; "" + "name" -> "name".
std::string join_path(const std::string& path, const std::string& key);

// Decodes one entry of `services:`.
Service decode_service(DecodeContext& ctx, const std::string& name, const yaml::Node& node, const EnvLookup& lookup);

}  // namespace dtx::compose
