#include "vars/dotenv.hpp"

#include <catch2/catch.hpp>

#include <map>

using dtx::vars::DotenvEntry;
using dtx::vars::parse_dotenv;
using dtx::vars::VarLookup;
using Pairs = std::vector<std::pair<std::string, std::string>>;
using Names = std::vector<std::string>;

namespace {

VarLookup env(std::map<std::string, std::string> vars = {}) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

Pairs pairs_of(const std::vector<DotenvEntry>& entries) {
    Pairs out;
    for (const auto& e : entries) {
        out.emplace_back(e.key, e.value);
    }
    return out;
}

Pairs parse(std::string_view text, const VarLookup& lookup = env()) {
    auto entries = parse_dotenv(text, lookup);
    REQUIRE(entries.ok());
    return pairs_of(entries.value());
}

std::string value_of(std::string_view text) {
    auto pairs = parse(text);
    REQUIRE(pairs.size() == 1);
    return pairs[0].second;
}

std::string error_of(std::string_view text) {
    auto entries = parse_dotenv(text, env());
    REQUIRE_FALSE(entries.ok());
    CHECK(entries.error().code == dtx::util::Errc::invalid);
    return entries.error().message;
}

}  // namespace

TEST_CASE("key value lines give entries in file order", "[spec][dotenv]") {
    CHECK(parse("B=2\nA=1\n") == Pairs{{"B", "2"}, {"A", "1"}});
    CHECK(parse("ONE=1\nTWO='2'\nTHREE = \"3\"") == Pairs{{"ONE", "1"}, {"TWO", "2"}, {"THREE", "3"}});
}

TEST_CASE("blank lines whitespace-only lines and comment lines are ignored", "[spec][dotenv]") {
    CHECK(parse("\n\r\n\t \n# comment\n\t # indented comment\nA=1\n#last").size() == 1);
    CHECK(parse("").empty());
    CHECK(parse("# only a comment").empty());
}

TEST_CASE("each entry carries the line of its key", "[spec][dotenv]") {
    auto entries = parse_dotenv("# c\n\nA=1\nB=\"x\ny\"\nC=3\n", env());
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 3);
    CHECK(entries.value()[0].line == 3);
    CHECK(entries.value()[1].line == 4);
    CHECK(entries.value()[2].line == 6);
}

TEST_CASE("whitespace around the key and the unquoted value is trimmed", "[spec][dotenv]") {
    CHECK(parse("  A =1\nB= 2\n\tC = 3 \t\nD=4\r\n") == Pairs{{"A", "1"}, {"B", "2"}, {"C", "3"}, {"D", "4"}});
}

TEST_CASE("an empty value gives an empty string", "[spec][dotenv]") {
    CHECK(parse("A=\nB = \nC=''\nD=\"\"") == Pairs{{"A", ""}, {"B", ""}, {"C", ""}, {"D", ""}});
}

TEST_CASE("the value runs to the end of the line and may contain equals signs and colons", "[spec][dotenv]") {
    CHECK(value_of("URL=postgres://u:p@db:5432/x?sslmode=disable") == "postgres://u:p@db:5432/x?sslmode=disable");
    CHECK(value_of("A=foobar=") == "foobar=");
    CHECK(value_of("A=1:B") == "1:B");
}

TEST_CASE("a colon separates key and value in YAML style", "[spec][dotenv]") {
    CHECK(parse("OPTION_A: 1\nOPTION_B:Foo=bar") == Pairs{{"OPTION_A", "1"}, {"OPTION_B", "Foo=bar"}});
}

TEST_CASE("an export prefix is ignored", "[spec][dotenv]") {
    CHECK(parse("export A=2\nexport\tB='x'\n  export C=\"export C\"") ==
          Pairs{{"A", "2"}, {"B", "x"}, {"C", "export C"}});
}

TEST_CASE("keys that merely start with export keep their name", "[spec][dotenv]") {
    CHECK(parse("exportFOO=1\nexport_FOO=2\nexport.FOO=3\nexport exportBar=4") ==
          Pairs{{"exportFOO", "1"}, {"export_FOO", "2"}, {"export.FOO", "3"}, {"exportBar", "4"}});
}

TEST_CASE("keys may contain dots dashes brackets and digits", "[spec][dotenv]") {
    CHECK(parse("VAR.WITH.DOTS=a\nVAR-WITH-DASHES=b\na[1]=c\n_x9=d\n9LIVES=e") ==
          Pairs{{"VAR.WITH.DOTS", "a"}, {"VAR-WITH-DASHES", "b"}, {"a[1]", "c"}, {"_x9", "d"}, {"9LIVES", "e"}});
}

TEST_CASE("an inline comment after an unquoted value needs a space before the hash", "[spec][dotenv]") {
    CHECK(value_of("A=bar # this is a comment") == "bar");
    CHECK(value_of("A=bar #") == "bar");
    CHECK(value_of("A=123#not-a-comment") == "123#not-a-comment");
    CHECK(value_of("A=#starts-with-hash") == "#starts-with-hash");
}

TEST_CASE("single-quoted values are literal", "[spec][dotenv]") {
    CHECK(value_of(R"(A='$HOME ${X:?boom} \n \\ "q"')") == R"($HOME ${X:?boom} \n \\ "q")");
    CHECK(value_of("A='ba#r' # comment") == "ba#r");
}

TEST_CASE("a backslash before a single quote inside single quotes escapes it", "[spec][dotenv]") {
    CHECK(value_of(R"(A='Let\'s go!')") == "Let's go!");
}

TEST_CASE("single-quoted values may span several lines", "[spec][dotenv]") {
    CHECK(parse("A = 'first line\nsecond line'\nB=2") == Pairs{{"A", "first line\nsecond line"}, {"B", "2"}});
}

TEST_CASE("double-quoted values expand shell escapes", "[spec][dotenv]") {
    CHECK(value_of(R"(A="bar\nbaz")") == "bar\nbaz");
    CHECK(value_of(R"(A="a\tb\rc")") == "a\tb\rc");
    CHECK(value_of(R"(A="escaped\"bar")") == R"(escaped"bar)");
    CHECK(value_of(R"(A="\"quoted\"")") == R"("quoted")");
    CHECK(value_of(R"(A="back\\slash\\")") == R"(back\slash\)");
    CHECK(value_of(R"(A="Z\aZ\bZ\fZ\vZ\0123Z")") == "Z\aZ\bZ\fZ\vZSZ");
}

TEST_CASE("unknown escapes in double quotes keep their backslash", "[spec][dotenv]") {
    CHECK(value_of(R"(A="\x07 \u12e4 \ b \c \012")") == R"(\x07 \u12e4 \ b \c \012)");
}

TEST_CASE("double-quoted values keep hashes and single quotes", "[spec][dotenv]") {
    CHECK(value_of(R"(A="bar#baz#bang" # comment)") == "bar#baz#bang");
    CHECK(value_of(R"(A="bar#baz"#)") == "bar#baz");
    CHECK(value_of(R"(A="echo 'asd'")") == "echo 'asd'");
}

TEST_CASE("double-quoted values may span several lines", "[spec][dotenv]") {
    CHECK(parse("URLS=\"tcp://a:3333\ntcp://b:443\"\nNEXT=1") ==
          Pairs{{"URLS", "tcp://a:3333\ntcp://b:443"}, {"NEXT", "1"}});
}

TEST_CASE("unquoted values do not expand escapes", "[spec][dotenv]") {
    CHECK(value_of(R"(A=a\tb)") == R"(a\tb)");
}

TEST_CASE("unquoted and double-quoted values interpolate earlier keys", "[spec][dotenv]") {
    CHECK(parse("A=1\nB=${A}\nC=$B\nD=\"${A}_${B}\"") == Pairs{{"A", "1"}, {"B", "1"}, {"C", "1"}, {"D", "1_1"}});
    CHECK(parse("HOST=db\nURL=\"http://${HOST:-x}:${PORT:-80}\"") == Pairs{{"HOST", "db"}, {"URL", "http://db:80"}});
}

TEST_CASE("interpolation looks in the caller's lookup before earlier keys", "[spec][dotenv]") {
    CHECK(parse("A=1\nB=${A}", env({{"A", "5"}})) == Pairs{{"A", "1"}, {"B", "5"}});
    CHECK(parse("A=${A:-1}\nB=$A", env({{"A", "5"}})) == Pairs{{"A", "5"}, {"B", "5"}});
    CHECK(parse("TEST=$ME", env({{"ME", "YES"}})) == Pairs{{"TEST", "YES"}});
}

TEST_CASE("a key defined later is not visible to earlier values", "[spec][dotenv]") {
    CHECK(parse("A=$B\nB=2") == Pairs{{"A", ""}, {"B", "2"}});
}

TEST_CASE("escaped dollars in double quotes and double dollars are not interpolated", "[spec][dotenv]") {
    CHECK(value_of(R"(A="foo\$BAR")") == "foo$BAR");
    CHECK(value_of(R"(A="foo\${BAR}")") == "foo${BAR}");
    CHECK(value_of("A=$$HOME") == "$HOME");
}

TEST_CASE("unset variables become empty and are reported once", "[spec][dotenv]") {
    Names unset;
    auto entries = parse_dotenv("A=$X\nB=\"${Y}${X}\"\nC='$Z'\nD=${W:-d}", env(), &unset);
    REQUIRE(entries.ok());
    CHECK(pairs_of(entries.value()) == Pairs{{"A", ""}, {"B", ""}, {"C", "$Z"}, {"D", "d"}});
    CHECK(unset == Names{"X", "Y"});
}

TEST_CASE("a key alone on its line is inherited from the lookup and skipped when unset", "[spec][dotenv]") {
    auto lookup = env({{"FROM_OS", "os value"}, {"EMPTY", ""}});
    CHECK(parse("foo=bar\nFROM_OS\nNOT_FOUND\nEMPTY\nexport LAST", lookup) ==
          Pairs{{"foo", "bar"}, {"FROM_OS", "os value"}, {"EMPTY", ""}});
    CHECK(parse("FROM_OS", lookup) == Pairs{{"FROM_OS", "os value"}});
}

TEST_CASE("a key alone on its line falls back to an earlier entry", "[spec][dotenv]") {
    CHECK(parse("A=1\nA\n") == Pairs{{"A", "1"}});
}

TEST_CASE("a key defined twice keeps its first position and takes the last value and line", "[spec][dotenv]") {
    auto entries = parse_dotenv("A=1\nB=2\nA=3", env());
    REQUIRE(entries.ok());
    CHECK(pairs_of(entries.value()) == Pairs{{"A", "3"}, {"B", "2"}});
    CHECK(entries.value()[0].line == 3);
}

TEST_CASE("a leading UTF-8 byte order mark is ignored", "[spec][dotenv]") {
    CHECK(parse("\xEF\xBB\xBFOPTION_A=1\nOPTION_B=2") == Pairs{{"OPTION_A", "1"}, {"OPTION_B", "2"}});
}

TEST_CASE("an invalid character in a key fails with its line", "[spec][dotenv]") {
    CHECK(error_of("A=1\nlol$wut") == "line 2: unexpected character \"$\" in variable name \"lol$wut\"");
    CHECK(error_of("%!(EXTRA string)=foo") ==
          "line 1: unexpected character \"%\" in variable name \"%!(EXTRA string)=foo\"");
}

TEST_CASE("a key containing a space fails with its line", "[spec][dotenv]") {
    CHECK(error_of("# c\nfoo=\"\n  a\n  multiline\n\"\nINVALID LINE\nzot=qix") ==
          "line 6: variable name \"INVALID LINE\" cannot contain a space");
    CHECK(error_of("MY KEY=1") == "line 1: variable name \"MY KEY\" cannot contain a space");
}

TEST_CASE("an empty key fails", "[spec][dotenv]") {
    CHECK(error_of("A=1\n=\"value\"") == "line 2: missing variable name before '='");
}

TEST_CASE("an unterminated quote fails with the line where the value starts", "[spec][dotenv]") {
    for (const char* text : {"KEY=\"", "KEY=\"value", "KEY=\"value\\\"", "KEY=\"value'", "KEY='", "KEY='value",
                             "KEY='value\\'", "KEY='value\""}) {
        CAPTURE(text);
        CHECK_THAT(error_of(text), Catch::StartsWith("line 1: unterminated quoted value"));
    }
    CHECK(error_of("A=1\nB=\"open\nmore\n") == "line 2: unterminated quoted value \"open");
}

TEST_CASE("text after a closing quote fails unless it is a comment", "[spec][dotenv]") {
    CHECK(error_of("A=1\nB=\"x\" y") == "line 2: unexpected text after the closing quote: \"y\"");
    CHECK(error_of("B='x'y") == "line 1: unexpected text after the closing quote: \"y\"");
    CHECK(value_of("B='x'  # fine") == "x");
}

TEST_CASE("a failed interpolation fails with the line of its key", "[spec][dotenv]") {
    CHECK(error_of("A=1\nB=${NEED:?set NEED}") == "line 2: required variable NEED is missing a value: set NEED");
    CHECK_THAT(error_of("A=\"${\""), Catch::StartsWith("line 1: invalid interpolation"));
}
