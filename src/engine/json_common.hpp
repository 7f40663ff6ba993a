#pragma once
// Helpers shared by the json_*.cpp mapping files; include from those files only (it brings
// nlohmann into scope, and nothing else in dtx should see it).

#include "engine/types.hpp"
#include "util/result.hpp"

#include <fmt/format.h>
#include <charconv>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dtx::engine::json {

using nlohmann::json;

// Runs `mapper` on the parsed `body`; a parse or type error becomes an Errc::invalid failure.
template <class T, class F>
util::Result<T> parse_with(const std::string& body, const char* what, F&& mapper) {
    try {
        return mapper(json::parse(body));
    } catch (const json::exception& e) {
        return util::fail(util::Errc::invalid, fmt::format("cannot read the engine's {} answer: {}", what, e.what()));
    }
}

// The string at `key`, or "" when it is missing or not a string.
inline std::string str(const json& j, const char* key) {
    if (!j.is_object()) {
        return "";
    }
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The strings of the array at `key` (non-strings skipped); empty when it is missing or not an array.
inline std::vector<std::string> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.is_object()) {
        return out;
    }
    auto it = j.find(key);
    if (it != j.end() && it->is_array()) {
        for (const auto& item : *it) {
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            }
        }
    }
    return out;
}

// A string map (labels, attributes); non-string values are skipped.
inline Labels labels_of(const json& j) {
    Labels labels;
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            if (v.is_string()) {
                labels[k] = v.get<std::string>();
            }
        }
    }
    return labels;
}

// "5432" -> 5432; 0 for anything that is not a port number.
inline std::uint16_t to_port(const std::string& text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value <= 65535 ? static_cast<std::uint16_t>(value)
                                                                                   : 0;
}

}  // namespace dtx::engine::json
