#include "vars/interpolate.hpp"

#include <catch2/catch.hpp>

#include <map>

using dtx::vars::escape_dollars;
using dtx::vars::interpolate;
using dtx::vars::InterpolationResult;
using dtx::vars::VarLookup;
using Names = std::vector<std::string>;

namespace {

VarLookup env(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

// NAME=db, EMPTY set to "", PORT=5432; everything else unset.
VarLookup sample_env() {
    return env({{"NAME", "db"}, {"EMPTY", ""}, {"PORT", "5432"}});
}

InterpolationResult expand_ok(std::string_view text) {
    auto result = interpolate(text, sample_env());
    REQUIRE(result.ok());
    return result.value();
}

std::string expand(std::string_view text) {
    return expand_ok(text).text;
}

std::string error_of(std::string_view text) {
    auto result = interpolate(text, sample_env());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == dtx::util::Errc::invalid);
    return result.error().message;
}

}  // namespace

TEST_CASE("text without a dollar sign is returned unchanged", "[spec][interpolate]") {
    CHECK(expand("postgres:16 {not a var}") == "postgres:16 {not a var}");
    CHECK(expand("").empty());
}

TEST_CASE("a bare $VAR takes the longest name made of letters digits and underscores", "[spec][interpolate]") {
    CHECK(expand("$NAME") == "db");
    CHECK(expand("host=$NAME:$PORT/x") == "host=db:5432/x");
    CHECK(expand("$NAME_suffix") == "");
    CHECK(expand("$NAME.local") == "db.local");
}

TEST_CASE("a braced ${VAR} delimits the name", "[spec][interpolate]") {
    CHECK(expand("${NAME}_suffix") == "db_suffix");
    CHECK(expand("${PORT}${PORT}") == "54325432");
}

TEST_CASE("names are case sensitive and may contain digits after the first character", "[spec][interpolate]") {
    auto lookup = env({{"a1", "lower"}, {"A1", "upper"}, {"_x", "underscore"}});
    CHECK(interpolate("$a1 ${A1} $_x", lookup).value().text == "lower upper underscore");
}

TEST_CASE("double dollar is a literal dollar and is not expanded further", "[spec][interpolate]") {
    CHECK(expand("$$") == "$");
    CHECK(expand("$$NAME") == "$NAME");
    CHECK(expand("$${NAME}") == "${NAME}");
    CHECK(expand("$$$NAME") == "$db");
    CHECK(expand("a$$$$b") == "a$$b");
}

TEST_CASE("a dollar that cannot start a variable is kept literally", "[spec][interpolate]") {
    CHECK(expand("cost $ 5") == "cost $ 5");
    CHECK(expand("$1 and $-x") == "$1 and $-x");
    CHECK(expand("trailing $") == "trailing $");
    CHECK(expand("$") == "$");
    CHECK(expand_ok("$1").unset.empty());
}

TEST_CASE("an unset variable becomes empty and is recorded once in order of first use", "[spec][interpolate]") {
    auto result = expand_ok("$B-${A}-$B-${NAME}-${A}");
    CHECK(result.text == "---db-");
    CHECK(result.unset == Names{"B", "A"});
}

TEST_CASE("a variable set to the empty string is set and not recorded as unset", "[spec][interpolate]") {
    auto result = expand_ok("[${EMPTY}][$EMPTY]");
    CHECK(result.text == "[][]");
    CHECK(result.unset.empty());
}

TEST_CASE("colon-dash uses the default when the variable is unset or empty", "[spec][interpolate]") {
    CHECK(expand("${NAME:-x}") == "db");
    CHECK(expand("${EMPTY:-x}") == "x");
    CHECK(expand("${MISSING:-x}") == "x");
    CHECK(expand("${MISSING:-}") == "");
}

TEST_CASE("dash uses the default only when the variable is unset", "[spec][interpolate]") {
    CHECK(expand("${NAME-x}") == "db");
    CHECK(expand("${EMPTY-x}") == "");
    CHECK(expand("${MISSING-x}") == "x");
}

TEST_CASE("colon-plus gives the alternative when the variable is set and non-empty", "[spec][interpolate]") {
    CHECK(expand("${NAME:+alt}") == "alt");
    CHECK(expand("${EMPTY:+alt}") == "");
    CHECK(expand("${MISSING:+alt}") == "");
}

TEST_CASE("plus gives the alternative whenever the variable is set", "[spec][interpolate]") {
    CHECK(expand("${NAME+alt}") == "alt");
    CHECK(expand("${EMPTY+alt}") == "alt");
    CHECK(expand("${MISSING+alt}") == "");
}

TEST_CASE("variables with a modifier are not recorded as unset", "[spec][interpolate]") {
    CHECK(expand_ok("${M1:-a}${M2-b}${M3:+c}${M4+d}").unset.empty());
}

TEST_CASE("defaults may contain spaces colons and other operators", "[spec][interpolate]") {
    CHECK(expand("${MISSING:-a b:c-d+e?f}") == "a b:c-d+e?f");
    CHECK(expand("${MISSING-:-x}") == ":-x");
}

TEST_CASE("defaults are interpolated and nest", "[spec][interpolate]") {
    CHECK(expand("${MISSING:-$NAME}") == "db");
    CHECK(expand("${MISSING:-${OTHER:-${PORT}}}") == "5432");
    CHECK(expand("${MISSING:-${OTHER:-x}}-y") == "x-y");
    CHECK(expand("${MISSING:-pre-${NAME}-post}") == "pre-db-post");
    CHECK(expand("${NAME:+host=${NAME}:${PORT}}") == "host=db:5432");
    CHECK(expand("${MISSING:-$$literal}") == "$literal");
}

TEST_CASE("an unused default is not evaluated so its variables are not recorded", "[spec][interpolate]") {
    auto result = expand_ok("${NAME:-$A}${MISSING:-$B}${EMPTY:+$C}");
    CHECK(result.text == "db");
    CHECK(result.unset == Names{"B"});
}

TEST_CASE("braces inside a default must balance and are kept", "[spec][interpolate]") {
    CHECK(expand("${MISSING:-{\"a\":1}}") == "{\"a\":1}");
    CHECK(expand("${MISSING:-{}}x") == "{}x");
    CHECK(expand("${MISSING:-a}}") == "a}");
}

TEST_CASE("a closing brace outside any expression is literal text", "[spec][interpolate]") {
    CHECK(expand("} {") == "} {");
}

TEST_CASE("colon-question fails with compose's message when the variable is unset or empty", "[spec][interpolate]") {
    CHECK(expand("${NAME:?need a name}") == "db");
    CHECK(error_of("${MISSING:?need a name}") == "required variable MISSING is missing a value: need a name");
    CHECK(error_of("${EMPTY:?need a name}") == "required variable EMPTY is missing a value: need a name");
}

TEST_CASE("question fails only when the variable is unset", "[spec][interpolate]") {
    CHECK(expand("[${EMPTY?msg}]") == "[]");
    CHECK(error_of("${MISSING?msg}") == "required variable MISSING is missing a value: msg");
}

TEST_CASE("a required variable with an empty message gets the standard message", "[spec][interpolate]") {
    CHECK(error_of("${MISSING:?}") == "required variable MISSING is missing a value");
    CHECK(error_of("${MISSING?}") == "required variable MISSING is missing a value");
}

TEST_CASE("the error message of a required variable is interpolated", "[spec][interpolate]") {
    CHECK(error_of("${MISSING:?set it for $NAME}") == "required variable MISSING is missing a value: set it for db");
    CHECK(error_of("${A:-${MISSING:?inner}}") == "required variable MISSING is missing a value: inner");
}

TEST_CASE("an unterminated brace expression fails with its offset", "[spec][interpolate]") {
    CHECK(error_of("ab${NAME") == "invalid interpolation \"${NAME\" at offset 2: \"${\" is never closed by \"}\"");
    CHECK_THAT(error_of("${"), Catch::Contains("never closed") && Catch::Contains("offset 0"));
    CHECK_THAT(error_of("${NAME:-x"), Catch::Contains("never closed") && Catch::Contains("offset 0"));
    CHECK_THAT(error_of("${NAME:"), Catch::Contains("never closed"));
    CHECK_THAT(error_of("${A:-${B:-x}"), Catch::Contains("never closed") && Catch::Contains("offset 0"));
}

TEST_CASE("an empty brace expression fails", "[spec][interpolate]") {
    CHECK(error_of("x ${}") == "invalid interpolation \"${}\" at offset 2: empty variable name");
}

TEST_CASE("a braced name that does not start with a letter or underscore fails", "[spec][interpolate]") {
    CHECK_THAT(error_of("${1x}"), Catch::StartsWith("invalid interpolation \"${1x}\" at offset 0: a variable name"));
    CHECK_THAT(error_of("${ NAME}"), Catch::Contains("a variable name must start"));
    CHECK_THAT(error_of("${-x}"), Catch::Contains("a variable name must start"));
}

TEST_CASE("a braced name followed by an unknown operator fails", "[spec][interpolate]") {
    CHECK(error_of("${NAME:x}") ==
          "invalid interpolation \"${NAME:x}\" at offset 0: expected '}' or one of :- - :+ + :? ? after the "
          "variable name NAME");
    CHECK_THAT(error_of("${NAME.x}"), Catch::Contains("expected '}'"));
    CHECK_THAT(error_of("${NAME x}"), Catch::Contains("expected '}'"));
}

TEST_CASE("syntax errors inside a default fail even when the default is not used", "[spec][interpolate]") {
    CHECK_THAT(error_of("${NAME:-${}}"), Catch::Contains("empty variable name") && Catch::Contains("offset 8"));
}

TEST_CASE("escape_dollars doubles every dollar so interpolation gives the text back", "[spec][interpolate]") {
    CHECK(escape_dollars("a$b$$c${d}") == "a$$b$$$$c$${d}");
    CHECK(escape_dollars("none") == "none");
    std::string original = "pa$$word ${NOT} $HOME $";
    auto round_trip = interpolate(escape_dollars(original), env({}));
    REQUIRE(round_trip.ok());
    CHECK(round_trip->text == original);
    CHECK(round_trip->unset.empty());
}
