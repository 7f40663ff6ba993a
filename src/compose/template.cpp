#include "compose/template.hpp"

#include "compose/ports.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace dtx::compose {

namespace {

// Outside a service there is no host, port or service name to put in.
util::Status check_project_placeholder(const std::string& p) {
    if (p == "run" || (p.starts_with("env:") && p.size() > 4)) {
        return util::ok_status();
    }
    return util::fail(util::Errc::invalid,
                      fmt::format("{{{}}} needs a service: a top-level template may use only {{run}} and {{env:NAME}} "
                                  "(the test command's environment); move it under services.<name>.x-dtx.export",
                                  p));
}

util::Status check_placeholder(const std::string& p) {
    if (p == "host" || p == "port" || p == "service" || p == "run") {
        return util::ok_status();
    }
    if (p.starts_with("port:")) {
        auto range = parse_port_range(p.substr(5));
        if (range && range->size() == 1) {
            return util::ok_status();
        }
        return util::fail(util::Errc::invalid, fmt::format("{{{}}}: \"{}\" is not a port number", p, p.substr(5)));
    }
    if (p.starts_with("env:") && p.size() > 4) {
        return util::ok_status();
    }
    return util::fail(util::Errc::invalid,
                      fmt::format("unknown placeholder {{{}}}; use {{host}}, {{port}}, {{port:N}}, {{env:NAME}}, "
                                  "{{service}} or {{run}} (write {{{{ for a literal brace)",
                                  p));
}

// Walks `text`, calling `on_text` for literal parts and `on_placeholder` for each placeholder.
template <class Text, class Placeholder>
util::Status walk(std::string_view text, Text&& on_text, Placeholder&& on_placeholder) {
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
            on_text(c);
            ++i;
            continue;
        }
        if (c == '}') {
            return util::fail(util::Errc::invalid,
                              fmt::format("unmatched '}}' at offset {} (write }}}} for a literal brace)", i));
        }
        if (c != '{') {
            on_text(c);
            continue;
        }
        size_t end = text.find('}', i + 1);
        if (end == std::string_view::npos) {
            return util::fail(util::Errc::invalid, fmt::format("'{{' at offset {} is never closed", i));
        }
        std::string name(text.substr(i + 1, end - i - 1));
        if (auto status = on_placeholder(name); !status) {
            return status;
        }
        i = end;
    }
    return util::ok_status();
}

}  // namespace

util::Status check_template(std::string_view text, TemplateScope scope) {
    return walk(
        text, [](char) {},
        [&](const std::string& p) {
            auto status = check_placeholder(p);
            return status && scope == TemplateScope::project ? check_project_placeholder(p) : status;
        });
}

std::vector<std::string> template_env_names(std::string_view text) {
    std::vector<std::string> names;
    (void)walk(
        text, [](char) {},
        [&](const std::string& p) {
            if (p.starts_with("env:")) {
                names.push_back(p.substr(4));
            }
            return util::ok_status();
        });
    return names;
}

bool is_env_name(std::string_view name) {
    auto word = [](char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    return !name.empty() && word(name.front()) &&
           std::all_of(name.begin(), name.end(), [&](char c) { return word(c) || (c >= '0' && c <= '9'); });
}

util::Result<std::string> expand_template(std::string_view text,
                                          const std::function<std::optional<std::string>(const std::string&)>& value) {
    std::string out;
    auto status = walk(
        text, [&](char c) { out.push_back(c); },
        [&](const std::string& name) -> util::Status {
            if (auto check = check_placeholder(name); !check) {
                return check;
            }
            auto v = value(name);
            if (!v) {
                return util::fail(util::Errc::not_found, fmt::format("{{{}}} has no value here", name));
            }
            out += *v;
            return util::ok_status();
        });
    if (!status) {
        return status.error();
    }
    return out;
}

}  // namespace dtx::compose
