// YAML syntax errors as a person can act on them: where, what, and how to fix it.
#include "yaml/tree.hpp"

#include <catch2/catch.hpp>

using namespace dtx::yaml;

namespace {

// The one error parsing `yaml` as f.yaml gives, rendered as dtx prints it.
std::string syntax_error(const std::string& yaml) {
    ParsedFile parsed = parse_yaml("f.yaml", yaml);
    REQUIRE(parsed.errors.size() == 1);
    return parsed.errors.front().to_string();
}

}  // namespace

TEST_CASE("a tab in indentation is an error at the tab saying to use spaces", "[spec][yaml]") {
    CHECK(syntax_error("services:\n  db:\n\timage: x\n") ==
          "f.yaml:3:1: tabs are not allowed in YAML indentation; use spaces");
    CHECK(syntax_error("services:\n  db:\n    image: x\n  \tweb:\n") ==
          "f.yaml:4:3: tabs are not allowed in YAML indentation; use spaces");
}

TEST_CASE("a tab inside a value is not an indentation error", "[spec][yaml]") {
    ParsedFile parsed = parse_yaml("f.yaml", "services:\n  db:\n    image: \"a\tb\"\n    command: a\tb\n");
    CHECK(parsed.errors.empty());
}

TEST_CASE("a key one column left of its siblings names the sibling it should line up with", "[spec][yaml]") {
    CHECK(syntax_error("services:\n  db:\n    image: postgres:16\n   ports: [\"5432\"]\n") ==
          "f.yaml:4:4: \"ports\" at column 4 is not aligned with \"image\" at line 3, column 5; "
          "start the keys of one mapping in the same column");
}

TEST_CASE("a key one column right of its siblings names the sibling it should line up with", "[spec][yaml]") {
    CHECK(syntax_error("services:\n  db:\n    image: postgres:16\n     ports: [\"5432\"]\n") ==
          "f.yaml:4:6: \"ports\" at column 6 is not aligned with \"image\" at line 3, column 5; "
          "start the keys of one mapping in the same column");
}

TEST_CASE("a list item one column off names the item it should line up with", "[spec][yaml]") {
    CHECK(syntax_error("services:\n  db:\n    image: x\n    ports:\n    - 1\n   - 2\n") ==
          "f.yaml:6:4: this list item at column 4 is not aligned with the list item at line 5, column 5; "
          "start the items of one list in the same column");
}

TEST_CASE("a mapping indented under a key that already has a value says so with the key's name", "[spec][yaml]") {
    CHECK(syntax_error("services:\n  db: postgres\n    image: x\n") ==
          "f.yaml:3:5: \"image\" is indented under \"db\", but \"db\" already has a value on line 2 "
          "(\"postgres\"); a key holds either a value or an indented mapping: remove the value, "
          "or align \"image\" with \"db\"");
}

TEST_CASE("a syntax error the raw lines do not explain keeps the parser's message", "[spec][yaml]") {
    CHECK_THAT(syntax_error("services:\n  db:\n    image: [postgres\n"),
               Catch::StartsWith("f.yaml:") && Catch::Contains(": YAML syntax error: "));
}

TEST_CASE("control bytes in a message are printed as escapes, never raw", "[spec][yaml]") {
    const std::string key = std::string("a\x01") + "b\x1b[31m\x7f";
    Diagnostic d{Location{"f.yaml", 1, 1}, "services." + key, "unknown key \"" + key + "\""};
    CHECK(d.to_string() == "f.yaml:1:1: services.a\\x01b\\x1b[31m\\x7f: unknown key \"a\\x01b\\x1b[31m\\x7f\"");
}

TEST_CASE("text outside the control bytes is printed as it is, UTF-8 included", "[spec][yaml]") {
    Diagnostic d{Location{"f.yaml", 2, 3}, "services.café", "naïve — \"x\""};
    CHECK(d.to_string() == "f.yaml:2:3: services.café: naïve — \"x\"");
}
