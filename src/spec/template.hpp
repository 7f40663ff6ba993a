#pragma once
// x-dtx.export templates: "postgres://{env:POSTGRES_USER}@{host}:{port:5432}/app".
// Placeholders: {host} {port} {port:N} {env:NAME} {service} {run}; "{{" and "}}" are literal braces.

#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dtx::spec {

// Checks a template's syntax and placeholders; fails naming the first bad one and what is allowed.
util::Status check_template(std::string_view text);

// Expands a template; `value` receives the placeholder without braces ("port:5432") and returns
// its value, or nullopt when it has none (then expansion fails naming it).
util::Result<std::string> expand_template(std::string_view text,
                                          const std::function<std::optional<std::string>(const std::string&)>& value);

}  // namespace dtx::spec
