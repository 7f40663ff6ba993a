#include "compose/decode_context.hpp"

#include "compose/shell_split.hpp"
#include "util/byte_size.hpp"
#include "util/duration.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cstdlib>

namespace dtx::compose {

std::string join_path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

void DecodeContext::error(const yaml::Node& node, const std::string& path, const std::string& message) {
    errors.push_back({node.location, path, message});
}

void DecodeContext::fail(const yaml::Node& node, const std::string& path, const std::string& message) {
    error(node, path, message);
    throw Invalid{};
}

void DecodeContext::warn(const yaml::Node& node, const std::string& path, const std::string& message) {
    warnings.push_back({node.location, path, message});
}

std::string DecodeContext::string(const yaml::Node& node, const std::string& path, const char* what) {
    if (!node.is_scalar()) {
        fail(node, path, fmt::format("expected {}, found {}", what, yaml::describe_kind(node)));
    }
    return node.text;
}

bool DecodeContext::boolean(const yaml::Node& node, const std::string& path) {
    std::string text = string(node, path, "true or false");
    if (text == "true" || text == "True" || text == "TRUE") {
        return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
        return false;
    }
    fail(node, path, fmt::format("expected true or false, found \"{}\"", text));
}

std::int64_t DecodeContext::integer(const yaml::Node& node, const std::string& path) {
    std::string text = string(node, path, "a whole number");
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        fail(node, path, fmt::format("expected a whole number, found \"{}\"", text));
    }
    return value;
}

double DecodeContext::number(const yaml::Node& node, const std::string& path) {
    std::string text = string(node, path, "a number");
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || value < 0) {
        fail(node, path, fmt::format("expected a positive number such as 0.5 or 2, found \"{}\"", text));
    }
    return value;
}

Millis DecodeContext::duration(const yaml::Node& node, const std::string& path) {
    auto parsed = util::parse_duration(string(node, path, "a duration such as 1m30s"));
    if (!parsed) {
        fail(node, path, parsed.error().message);
    }
    return parsed.value();
}

std::int64_t DecodeContext::byte_size(const yaml::Node& node, const std::string& path) {
    auto parsed = util::parse_byte_size(string(node, path, "a size such as 512m"));
    if (!parsed) {
        fail(node, path, parsed.error().message);
    }
    return parsed.value();
}

std::vector<std::string> DecodeContext::string_list(const yaml::Node& node, const std::string& path) {
    if (!node.is_sequence()) {
        fail(node, path, fmt::format("expected a list of strings, found {}", yaml::describe_kind(node)));
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < node.items.size(); ++i) {
        out.push_back(string(node.items[i], fmt::format("{}[{}]", path, i)));
    }
    return out;
}

std::vector<std::string> DecodeContext::command(const yaml::Node& node, const std::string& path) {
    if (node.is_sequence()) {
        return string_list(node, path);
    }
    auto words = shell_split(string(node, path, "a string or a list of strings"));
    if (!words) {
        fail(node, path, words.error().message);
    }
    return std::move(words.value());
}

std::map<std::string, std::optional<std::string>> DecodeContext::key_values(const yaml::Node& node,
                                                                            const std::string& path) {
    std::map<std::string, std::optional<std::string>> out;
    auto put = [&](const std::string& key, const yaml::Node* value, const yaml::Node& at, const std::string& at_path) {
        if (key.empty()) {
            error(at, at_path, "empty name");
        } else if (value == nullptr || value->is_null()) {
            out[key] = std::nullopt;
        } else {
            out[key] = string(*value, at_path, "a string, number or boolean");
        }
    };
    if (node.is_mapping()) {
        for (const auto& [k, v] : node.entries) {
            put(k.text, &v, v, join_path(path, k.text));
        }
    } else if (node.is_sequence()) {
        for (size_t i = 0; i < node.items.size(); ++i) {
            std::string item_path = fmt::format("{}[{}]", path, i);
            std::string item = string(node.items[i], item_path, "\"KEY=VALUE\"");
            auto eq = item.find('=');
            if (eq == std::string::npos) {
                put(item, nullptr, node.items[i], item_path);
            } else {
                yaml::Node value = yaml::Node::scalar(item.substr(eq + 1), node.items[i].location);
                put(item.substr(0, eq), &value, node.items[i], item_path);
            }
        }
    } else if (!node.is_null()) {
        fail(node, path,
             fmt::format("expected a mapping or a list of \"KEY=VALUE\", found {}", yaml::describe_kind(node)));
    }
    return out;
}

std::map<std::string, std::string> DecodeContext::labels(const yaml::Node& node, const std::string& path) {
    std::map<std::string, std::string> out;
    for (auto& [key, value] : key_values(node, path)) {
        out[key] = value.value_or("");
    }
    return out;
}

void DecodeContext::expect_mapping(const yaml::Node& node, const std::string& path) {
    if (!node.is_mapping()) {
        fail(node, path, fmt::format("expected a mapping, found {}", yaml::describe_kind(node)));
    }
}

void DecodeContext::check_keys(const yaml::Node& node, const std::string& path, KeySupport (*support)(std::string_view),
                               std::span<const std::string_view> known, const std::string& known_hint) {
    for (const auto& [key, value] : node.entries) {
        std::string key_path = join_path(path, key.text);
        switch (support(key.text)) {
        case KeySupport::honoured:
            break;
        case KeySupport::ignored:
            warn(key, key_path, "dtx does not act on this Compose key; it is ignored");
            break;
        case KeySupport::unknown: {
            std::string hint = closest_key(key.text, known);
            const char* what = path.empty() ? "unknown top-level key" : "unknown key";
            error(key, key_path,
                  hint.empty() ? fmt::format("{} \"{}\"; {}", what, key.text, known_hint)
                               : fmt::format("{} \"{}\"; did you mean \"{}\"?", what, key.text, hint));
        }
        }
    }
}

}  // namespace dtx::compose
