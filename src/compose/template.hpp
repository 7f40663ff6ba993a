#pragma once
// x-dtx.export templates: "postgres://{env:POSTGRES_USER}@{host}:{port:5432}/app".
// Placeholders: {host} {port} {port:N} {env:NAME} {service} {run}; "{{" and "}}" are literal braces.
// A top-level template belongs to no service, so only {run} and {env:NAME} mean something there.

#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dtx::compose {

enum class TemplateScope { service, project };

// Checks a template's syntax and placeholders for its scope; fails naming the first bad one and
// what is allowed.
util::Status check_template(std::string_view text, TemplateScope scope = TemplateScope::service);

// The NAMEs of the template's {env:NAME} placeholders, in order (the template is assumed checked).
std::vector<std::string> template_env_names(std::string_view text);

// Expands a template; `value` receives the placeholder without braces ("port:5432") and returns
// its value, or nullopt when it has none (then expansion fails naming it).
util::Result<std::string> expand_template(std::string_view text,
                                          const std::function<std::optional<std::string>(const std::string&)>& value);

// True for a name every shell can `export`: a letter or '_', then letters, digits and '_'.
bool is_env_name(std::string_view name);

}  // namespace dtx::compose
