#include "spec/decode_context.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

namespace dtx::spec {

namespace {

const char* type_name(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Null:
        return "nothing (null)";
    default:
        return "a scalar";
    }
}

}  // namespace

Location DecodeContext::where(const YAML::Node& node) const {
    auto mark = node.Mark();
    if (mark.is_null()) {
        return Location{file, 0, 0};
    }
    return Location{file, mark.line + 1, mark.column + 1};
}

std::string DecodeContext::describe(const YAML::Node& node, const std::string& path, const std::string& message) const {
    auto loc = where(node);
    if (loc.line == 0) {
        return fmt::format("{}: {}: {}", file, path, message);
    }
    return fmt::format("{}:{}:{}: {}: {}", file, loc.line, loc.column, path, message);
}

void DecodeContext::fail(const YAML::Node& node, const std::string& path, const std::string& message) const {
    throw SpecError(describe(node, path, message));
}

void DecodeContext::warn(const YAML::Node& node, const std::string& path, const std::string& message) const {
    if (warnings != nullptr) {
        warnings->push_back(describe(node, path, message));
    }
}

std::string DecodeContext::scalar(const YAML::Node& node, const std::string& path, const char* what) const {
    if (!node.IsScalar()) {
        fail(node, path, fmt::format("expected {}, found {}", what, type_name(node)));
    }
    return node.Scalar();
}

void DecodeContext::expect_map(const YAML::Node& node, const std::string& path) const {
    if (!node.IsMap()) {
        fail(node, path, fmt::format("expected a mapping, found {}", type_name(node)));
    }
}

void DecodeContext::check_keys(const YAML::Node& node, const std::string& path, KeySupport (*support)(std::string_view),
                               std::span<const std::string_view> known, const std::string& known_hint) const {
    for (const auto& entry : node) {
        std::string key = scalar(entry.first, path.empty() ? "(top level)" : path, "a key");
        std::string key_path = path.empty() ? key : path + "." + key;
        switch (support(key)) {
        case KeySupport::honoured:
            break;
        case KeySupport::ignored:
            warn(entry.first, key_path, "dtx does not act on this Compose key yet; it is ignored");
            break;
        case KeySupport::unknown: {
            std::string hint = closest_key(key, known);
            const char* what = path.empty() ? "unknown top-level key" : "unknown key";
            fail(entry.first, key_path,
                 hint.empty() ? fmt::format("{} \"{}\"; {}", what, key, known_hint)
                              : fmt::format("{} \"{}\"; did you mean \"{}\"?", what, key, hint));
        }
        }
    }
}

}  // namespace dtx::spec
