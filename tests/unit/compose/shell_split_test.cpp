#include "compose/shell_split.hpp"

#include <catch2/catch.hpp>

using dtx::compose::shell_split;
using Words = std::vector<std::string>;

namespace {

Words split(std::string_view text) {
    auto words = shell_split(text);
    REQUIRE(words.ok());
    return words.value();
}

}  // namespace

TEST_CASE("whitespace separates words and runs of it count once", "[spec]") {
    CHECK(split("postgres -c  fsync=off") == Words{"postgres", "-c", "fsync=off"});
    CHECK(split("  a\tb\nc  ") == Words{"a", "b", "c"});
    CHECK(split("").empty());
    CHECK(split("   ").empty());
}

TEST_CASE("single quotes keep everything literally", "[spec]") {
    CHECK(split(R"(sh -c 'echo "$HOME" \n')") == Words{"sh", "-c", R"(echo "$HOME" \n)"});
}

TEST_CASE("double quotes keep spaces and honour only the four shell escapes", "[spec]") {
    CHECK(split(R"(echo "a b" "say \"hi\"" "c:\dir" "\$x\`\\")") ==
          Words{"echo", "a b", R"(say "hi")", R"(c:\dir)", R"($x`\)"});
}

TEST_CASE("a backslash outside quotes escapes the next character", "[spec]") {
    CHECK(split(R"(a\ b c\"d)") == Words{"a b", R"(c"d)"});
}

TEST_CASE("quoted parts next to each other join into one word", "[spec]") {
    CHECK(split(R"(--opt='a b'"c d"e)") == Words{"--opt=a bc de"});
}

TEST_CASE("an empty quoted string is an empty word", "[spec]") {
    CHECK(split(R"(a '' "" b)") == Words{"a", "", "", "b"});
}

TEST_CASE("an unterminated single quote is an error", "[spec]") {
    auto words = shell_split("echo 'oops");
    REQUIRE_FALSE(words.ok());
    CHECK(words.error().message == "unterminated single quote");
}

TEST_CASE("an unterminated double quote is an error", "[spec]") {
    auto words = shell_split(R"(echo "oops)");
    REQUIRE_FALSE(words.ok());
    CHECK(words.error().message == "unterminated double quote");
    CHECK_FALSE(shell_split(R"(echo "oops\")").ok());  // the escaped quote does not close it
}
