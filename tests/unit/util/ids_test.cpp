#include "util/ids.hpp"

#include <catch2/catch.hpp>

using dtx::util::fingerprint;
using dtx::util::random_hex;

TEST_CASE("the fingerprint is FNV-1a 64 as 16 hex digits", "[util]") {
    CHECK(fingerprint("") == "cbf29ce484222325");
    CHECK(fingerprint("a") == "af63dc4c8601ec8c");
}

TEST_CASE("the fingerprint of the same text is the same every time", "[util]") {
    std::string text = "services:\n  db:\n    image: postgres:16\n";
    CHECK(fingerprint(text) == fingerprint(std::string(text)));
    CHECK(fingerprint(text).size() == 16);
}

TEST_CASE("a one-byte change changes the fingerprint", "[util]") {
    CHECK(fingerprint("image: postgres:16") != fingerprint("image: postgres:15"));
}

TEST_CASE("random_hex gives exactly the requested number of lowercase hex digits", "[util]") {
    for (int n : {0, 1, 8, 12, 64}) {
        std::string s = random_hex(n);
        CHECK(s.size() == static_cast<size_t>(n));
        CHECK(s.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
}

TEST_CASE("two random_hex values of useful length differ", "[util]") {
    CHECK(random_hex(16) != random_hex(16));
}
