#include "util/base64.hpp"

#include <catch2/catch.hpp>

using namespace dtx::util;

TEST_CASE("base64 encodes the RFC 4648 test vectors with padding", "[util]") {
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64_encode("foo") == "Zm9v");
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK(base64_encode("fooba") == "Zm9vYmE=");
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64url uses - and _ where the standard alphabet has + and /", "[util]") {
    std::string data("\xfb\xff\xbf", 3);
    CHECK(base64_encode(data) == "+/+/");
    CHECK(base64url_encode(data) == "-_-_");
    CHECK(base64url_encode("f") == "Zg==");
}

TEST_CASE("base64 decoding accepts both alphabets, with or without padding", "[util]") {
    CHECK(base64_decode("Zm9vYmE=").value() == "fooba");
    CHECK(base64_decode("Zm9vYmE").value() == "fooba");
    CHECK(base64_decode("Zg").value() == "f");
    CHECK(base64_decode("").value() == "");
    CHECK(base64_decode("+/+/").value() == std::string("\xfb\xff\xbf", 3));
    CHECK(base64_decode("-_-_").value() == std::string("\xfb\xff\xbf", 3));
    CHECK(base64_decode("dXNlcjpwYXNz").value() == "user:pass");
}

TEST_CASE("every byte value survives a base64 round trip in both alphabets", "[util]") {
    std::string all;
    for (int i = 0; i < 256; ++i) {
        all.push_back(static_cast<char>(i));
    }
    for (size_t len = 0; len <= all.size(); len += 37) {
        std::string part = all.substr(0, len);
        CHECK(base64_decode(base64_encode(part)).value() == part);
        CHECK(base64_decode(base64url_encode(part)).value() == part);
    }
}

TEST_CASE("base64 decoding refuses foreign characters, bad padding and impossible lengths", "[util]") {
    CHECK(base64_decode("Zm9v!").error().code == Errc::invalid);
    CHECK_FALSE(base64_decode("Zm 9v").ok());
    CHECK_FALSE(base64_decode("Z").ok());
    CHECK_FALSE(base64_decode("Zg=").ok());
    CHECK_FALSE(base64_decode("Zm9v=").ok());
    CHECK_FALSE(base64_decode("Zg==Zg==").ok());
}
