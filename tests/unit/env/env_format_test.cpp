#include "env/env_format.hpp"

#include "util/error.hpp"
#include "vars/dotenv.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace dtx::env;

namespace {

// Every byte a shell, a .env reader or JSON could trip over, but NUL.
const std::string k_hard = "it's \"quoted\"\n$HOME ${HOME} `id` \\back\\slash\\\n\ttab # not a comment \x01\x7f end ";

const EnvList k_env = {{"PGHOST", "127.0.0.1"}, {"PGPASSWORD", "p@ss:w/rd%?#"}, {"NOTE", "it's"}};

// What `sh -c 'eval "$SCRIPT"; printf %s "$KEY"'` prints, with `shell` as sh.
std::string shell_value(const std::string& shell, const std::string& script, const std::string& key) {
    ::setenv("DTX_TEST_SCRIPT", script.c_str(), 1);
    std::string command = shell + " -c 'eval \"$DTX_TEST_SCRIPT\" && printf %s \"$" + key + "\"'";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[256];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, n);
    }
    CHECK(::pclose(pipe) == 0);
    ::unsetenv("DTX_TEST_SCRIPT");
    return out;
}

}  // namespace

TEST_CASE("format names are sh, dotenv, json and github", "[session][env]") {
    CHECK(env_format_named("sh") == EnvFormat::sh);
    CHECK(env_format_named("dotenv") == EnvFormat::dotenv);
    CHECK(env_format_named("json") == EnvFormat::json);
    CHECK(env_format_named("github") == EnvFormat::github);
    CHECK_FALSE(env_format_named("yaml"));
}

TEST_CASE("sh writes one export a line, single-quoted, a quote as '\\''", "[session][env]") {
    CHECK(format_env(k_env, EnvFormat::sh) ==
          "export PGHOST='127.0.0.1'\n"
          "export PGPASSWORD='p@ss:w/rd%?#'\n"
          "export NOTE='it'\\''s'\n");
}

TEST_CASE("eval of the sh form sets exactly the value, in sh and in bash", "[session][env]") {
    std::string script = format_env({{"HARD", k_hard}, {"EMPTY", ""}}, EnvFormat::sh);
    for (const char* shell : {"sh", "bash"}) {
        INFO(shell);
        CHECK(shell_value(shell, script, "HARD") == k_hard);
        CHECK(shell_value(shell, script, "EMPTY").empty());
    }
}

TEST_CASE("dotenv leaves plain values bare and double-quotes the rest with escapes", "[session][env]") {
    CHECK(format_env(k_env, EnvFormat::dotenv) ==
          "PGHOST=127.0.0.1\n"
          "PGPASSWORD=\"p@ss:w/rd%?#\"\n"
          "NOTE=\"it's\"\n");
    CHECK(format_env({{"A", "x\"y\\z$HOME\nnext"}, {"E", ""}}, EnvFormat::dotenv) ==
          "A=\"x\\\"y\\\\z\\$HOME\\nnext\"\n"
          "E=\n");
}

TEST_CASE("a dotenv value with # or $ is quoted so Compose neither cuts nor interpolates it", "[session][env]") {
    CHECK(format_env({{"P", "a #b"}}, EnvFormat::dotenv) == "P=\"a #b\"\n");
    CHECK(format_env({{"P", "$x"}}, EnvFormat::dotenv) == "P=\"\\$x\"\n");
}

TEST_CASE("Compose's .env reader gives back exactly the values dotenv wrote", "[session][env]") {
    EnvList env = {{"HARD", k_hard}, {"PLAIN", "a/b:c@d"}, {"EMPTY", ""}, {"LEADING", "  spaced  "}};
    auto parsed = dtx::vars::parse_dotenv(format_env(env, EnvFormat::dotenv),
                                          [](const std::string&) { return std::optional<std::string>("WRONG"); });
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().size() == env.size());
    for (size_t i = 0; i < env.size(); ++i) {
        CHECK(parsed.value()[i].key == env[i].first);
        CHECK(parsed.value()[i].value == env[i].second);
    }
}

TEST_CASE("json is one object with the variables in order", "[session][env]") {
    CHECK(format_env(k_env, EnvFormat::json) ==
          "{\n"
          "  \"PGHOST\": \"127.0.0.1\",\n"
          "  \"PGPASSWORD\": \"p@ss:w/rd%?#\",\n"
          "  \"NOTE\": \"it's\"\n"
          "}\n");
    CHECK(format_env({{"X", "a\"b\\c\nd"}}, EnvFormat::json) == "{\n  \"X\": \"a\\\"b\\\\c\\nd\"\n}\n");
    CHECK(format_env({}, EnvFormat::json) == "{}\n");
}

TEST_CASE("github writes the heredoc form with a delimiter", "[session][env]") {
    auto delimiter = [] { return std::string("EOF_1"); };
    CHECK(format_env({{"A", "1"}, {"B", "two\nlines"}}, EnvFormat::github, delimiter) ==
          "A<<EOF_1\n1\nEOF_1\n"
          "B<<EOF_1\ntwo\nlines\nEOF_1\n");
}

TEST_CASE("github asks for another delimiter while the candidate occurs in a value", "[session][env]") {
    int calls = 0;
    auto delimiter = [&] { return std::string(++calls == 1 ? "EOF" : "EOF_2"); };
    CHECK(format_env({{"A", "x\nEOF\ny"}}, EnvFormat::github, delimiter) == "A<<EOF_2\nx\nEOF\ny\nEOF_2\n");
    CHECK(calls == 2);
}

TEST_CASE("the random github delimiter is fresh each time", "[session][env]") {
    CHECK(random_delimiter().starts_with("DTX_EOF_"));
    CHECK(random_delimiter() != random_delimiter());
}

TEST_CASE("no variables make an empty text", "[session][env]") {
    CHECK(format_env({}, EnvFormat::sh).empty());
    CHECK(format_env({}, EnvFormat::dotenv).empty());
    CHECK(format_env({}, EnvFormat::github).empty());
}

TEST_CASE("a value with a NUL byte is refused in every format", "[session][env]") {
    EnvList env = {{"BAD", std::string("a\0b", 3)}};
    CHECK_THROWS_AS(format_env(env, EnvFormat::sh), dtx::Error);
    CHECK_THROWS_AS(format_env(env, EnvFormat::json), dtx::Error);
}
