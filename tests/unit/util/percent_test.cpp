#include "util/percent.hpp"

#include <catch2/catch.hpp>

using dtx::util::percent_encode;

TEST_CASE("unreserved characters are left as they are", "[util]") {
    CHECK(percent_encode("AZaz09-_.~") == "AZaz09-_.~");
    CHECK(percent_encode("") == "");
}

TEST_CASE("reserved characters and spaces are encoded in upper-case hex", "[util]") {
    CHECK(percent_encode("p@ss:w/rd") == "p%40ss%3Aw%2Frd");
    CHECK(percent_encode("a b?c=d&e") == "a%20b%3Fc%3Dd%26e");
    CHECK(percent_encode("{\"label\":[]}") == "%7B%22label%22%3A%5B%5D%7D");
}

TEST_CASE("bytes outside ASCII are encoded byte by byte", "[util]") {
    CHECK(percent_encode("\xC3\xA9") == "%C3%A9");  // é in UTF-8
    CHECK(percent_encode(std::string("\0", 1)) == "%00");
}

TEST_CASE("bytes named to keep stay as they are", "[util]") {
    using dtx::util::percent_encode;
    CHECK(percent_encode("127.0.0.1:5000/team/app:1", "/:") == "127.0.0.1:5000/team/app:1");
    CHECK(percent_encode("a b/c?d", "/") == "a%20b/c%3Fd");
}
