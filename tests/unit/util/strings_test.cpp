#include "util/strings.hpp"

#include <catch2/catch.hpp>

using dtx::util::join;
using dtx::util::lower;

TEST_CASE("lower turns ASCII letters to lower case and leaves the rest", "[util]") {
    CHECK(lower("Not Found: Manifest") == "not found: manifest");
    CHECK(lower("") == "");
    CHECK(lower("\xc3\x89t\xc3\xa9") == "\xc3\x89t\xc3\xa9");  // UTF-8 bytes are kept as they are
}

TEST_CASE("join puts the separator between the words only", "[util]") {
    CHECK(join({}) == "");
    CHECK(join({"a"}) == "a");
    CHECK(join({"a", "b", "c"}) == "a b c");
    CHECK(join({"x", "", "y"}, ", ") == "x, , y");
}
