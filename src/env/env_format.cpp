#include "env/env_format.hpp"

#include "util/error.hpp"
#include "util/ids.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace dtx::env {

namespace {

constexpr int k_delimiter_hex = 16;

// Inside single quotes a shell takes every byte as it is, but the closing quote itself: that one
// ends the quote, is written escaped, and the quote starts again.
std::string sh_line(const std::string& key, const std::string& value) {
    std::string out = "export " + key + "='";
    for (char c : value) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'\n";
}

// Characters that mean nothing special to Compose's reader nor to a shell, so that a file whose
// values are bare or double-quoted without newlines or backquotes can also be sourced by `sh`.
bool dotenv_plain(const std::string& value) {
    constexpr std::string_view k_plain_punctuation = "_-.,/:@+=%";
    return std::all_of(value.begin(), value.end(), [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               k_plain_punctuation.find(c) != std::string_view::npos;
    });
}

// Compose reads an unquoted value up to " #", trims it and interpolates $; in double quotes the
// escapes below are undone and \$ stays a literal $.
std::string dotenv_line(const std::string& key, const std::string& value) {
    if (dotenv_plain(value)) {
        return key + "=" + value + "\n";
    }
    std::string out = key + "=\"";
    for (char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '$':
            out += "\\$";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out.push_back(c);
        }
    }
    return out + "\"\n";
}

std::string json_object(const EnvList& env) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& [key, value] : env) {
        object[key] = value;
    }
    return object.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// GitHub reads a value up to the first line equal to the delimiter, so it must occur nowhere.
std::string github_lines(const EnvList& env, const DelimiterSource& delimiter) {
    if (env.empty()) {
        return "";
    }
    std::string delim;
    auto occurs = [&] {
        return std::any_of(env.begin(), env.end(), [&](const auto& entry) {
            return entry.first.find(delim) != std::string::npos || entry.second.find(delim) != std::string::npos;
        });
    };
    do {
        delim = delimiter();
    } while (delim.empty() || occurs());
    std::string out;
    for (const auto& [key, value] : env) {
        out += fmt::format("{}<<{}\n{}\n{}\n", key, delim, value, delim);
    }
    return out;
}

}  // namespace

std::optional<EnvFormat> env_format_named(std::string_view name) {
    if (name == "sh") {
        return EnvFormat::sh;
    }
    if (name == "dotenv") {
        return EnvFormat::dotenv;
    }
    if (name == "json") {
        return EnvFormat::json;
    }
    if (name == "github") {
        return EnvFormat::github;
    }
    return std::nullopt;
}

std::string random_delimiter() {
    return "DTX_EOF_" + util::random_hex(k_delimiter_hex);
}

std::string format_env(const EnvList& env, EnvFormat format, const DelimiterSource& delimiter) {
    for (const auto& [key, value] : env) {
        if (value.find('\0') != std::string::npos) {
            throw Error(fmt::format("{}: its value holds a NUL byte, which no environment variable can carry", key),
                        exit_code::k_dtx_failure);
        }
    }
    std::string out;
    switch (format) {
    case EnvFormat::sh:
        for (const auto& [key, value] : env) {
            out += sh_line(key, value);
        }
        break;
    case EnvFormat::dotenv:
        for (const auto& [key, value] : env) {
            out += dotenv_line(key, value);
        }
        break;
    case EnvFormat::json:
        out = json_object(env);
        break;
    case EnvFormat::github:
        out = github_lines(env, delimiter);
        break;
    }
    return out;
}

}  // namespace dtx::env
