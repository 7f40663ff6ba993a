#pragma once
// Shared by the decoders: where we are (file, spec path) and how to report a problem there.

#include "spec/keys.hpp"
#include "spec/loader.hpp"
#include "spec/model.hpp"

#include <yaml-cpp/yaml.h>
#include <string>
#include <vector>

namespace dtx::spec {

struct DecodeContext {
    std::string file;
    EnvLookup lookup_env;
    std::vector<std::string>* warnings = nullptr;

    Location where(const YAML::Node& node) const;

    // "FILE:LINE:COL: PATH: MESSAGE"
    std::string describe(const YAML::Node& node, const std::string& path, const std::string& message) const;

    [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& message) const;
    void warn(const YAML::Node& node, const std::string& path, const std::string& message) const;

    // The scalar's text; fails with "expected TYPE" when the node is not a scalar.
    std::string scalar(const YAML::Node& node, const std::string& path, const char* what = "a string") const;
    void expect_map(const YAML::Node& node, const std::string& path) const;

    // Checks every key of the mapping `node` at `path` ("" for the top level): honoured keys pass,
    // Compose keys dtx ignores warn, unknown keys fail with the closest of `known` and `known_hint`.
    void check_keys(const YAML::Node& node, const std::string& path, KeySupport (*support)(std::string_view),
                    std::span<const std::string_view> known, const std::string& known_hint) const;
};

// Decodes one entry of `services:`.
Service decode_service(const DecodeContext& ctx, const std::string& name, const YAML::Node& node);

}  // namespace dtx::spec
