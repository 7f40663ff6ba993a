#include "compose/template.hpp"

#include <catch2/catch.hpp>
#include <map>

using namespace dtx::compose;

namespace {

std::optional<std::string> values(const std::string& name) {
    static const std::map<std::string, std::string> k_values = {{"host", "127.0.0.1"},  {"port", "49153"},
                                                                {"port:5432", "49153"}, {"env:USER", "app"},
                                                                {"service", "db"},      {"run", "shop-1a2b3c"}};
    auto it = k_values.find(name);
    return it == k_values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace

TEST_CASE("every known placeholder passes the template check", "[spec][template]") {
    CHECK(check_template("{host}:{port} {port:5432} {env:POSTGRES_USER} {service} {run}").ok());
    CHECK(check_template("no placeholders at all").ok());
}

TEST_CASE("an unknown placeholder fails the check and names the allowed ones", "[spec][template]") {
    auto status = check_template("{hots}:{port}");
    REQUIRE_FALSE(status.ok());
    CHECK_THAT(status.error().message, Catch::StartsWith("unknown placeholder {hots}; use {host}, {port}"));
}

TEST_CASE("a port placeholder needs a port number", "[spec][template]") {
    CHECK_FALSE(check_template("{port:abc}").ok());
    CHECK_FALSE(check_template("{port:70000}").ok());
    CHECK_FALSE(check_template("{env:}").ok());
}

TEST_CASE("unbalanced braces fail the check", "[spec][template]") {
    CHECK_FALSE(check_template("{host").ok());
    CHECK_FALSE(check_template("host}").ok());
}

TEST_CASE("doubled braces are literal braces", "[spec][template]") {
    auto out = expand_template("{{\"host\": \"{host}\"}}", values);
    REQUIRE(out.ok());
    CHECK(out.value() == "{\"host\": \"127.0.0.1\"}");
}

TEST_CASE("expansion replaces each placeholder with its value", "[spec][template]") {
    auto out = expand_template("postgres://{env:USER}@{host}:{port:5432}/{service}?run={run}", values);
    REQUIRE(out.ok());
    CHECK(out.value() == "postgres://app@127.0.0.1:49153/db?run=shop-1a2b3c");
}

TEST_CASE("expansion fails naming a placeholder without a value", "[spec][template]") {
    auto out = expand_template("{env:MISSING}", values);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message == "{env:MISSING} has no value here");
}

TEST_CASE("a top-level template may use only {run} and {env:NAME}", "[spec][template]") {
    CHECK(check_template("{run}-{env:TEAM}", TemplateScope::project).ok());
    auto status = check_template("{host}:{port}", TemplateScope::project);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message ==
          "{host} needs a service: a top-level template may use only {run} and {env:NAME} (the test command's "
          "environment); move it under services.<name>.x-dtx.export");
    CHECK_FALSE(check_template("{service}", TemplateScope::project).ok());
    CHECK_FALSE(check_template("{port:5432}", TemplateScope::project).ok());
}

TEST_CASE("an unknown placeholder at top level is reported as unknown, not as needing a service", "[spec][template]") {
    auto status = check_template("{hots}", TemplateScope::project);
    REQUIRE_FALSE(status.ok());
    CHECK_THAT(status.error().message, Catch::StartsWith("unknown placeholder {hots}"));
}

TEST_CASE("template_env_names lists the variables a template reads", "[spec][template]") {
    CHECK(template_env_names("{env:A}:{port} {{env:NOT}} {env:B}") == std::vector<std::string>{"A", "B"});
    CHECK(template_env_names("none").empty());
}

TEST_CASE("an exported name is one a shell can export", "[spec][template]") {
    CHECK(is_env_name("DATABASE_URL"));
    CHECK(is_env_name("_x1"));
    CHECK_FALSE(is_env_name(""));
    CHECK_FALSE(is_env_name("1X"));
    CHECK_FALSE(is_env_name("A-B"));
    CHECK_FALSE(is_env_name("A.B"));
}
