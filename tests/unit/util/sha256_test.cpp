#include "util/sha256.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

using dtx::util::Sha256;
using dtx::util::sha256_hex;

// Vectors from FIPS 180-4's examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").

TEST_CASE("sha256 of the empty message matches the FIPS 180-4 vector", "[util]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256 of abc matches the FIPS 180-4 one-block vector", "[util]") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256 of the 448-bit message matches the FIPS 180-4 two-block vector", "[util]") {
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 of a million 'a' matches the FIPS 180-4 long-message vector", "[util]") {
    CHECK(sha256_hex(std::string(1'000'000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 fed in uneven pieces equals sha256 of the whole", "[util]") {
    std::string text(1'000, 'x');
    for (std::size_t i = 0; i < text.size(); ++i) {
        text[i] = static_cast<char>('a' + i % 26);
    }
    Sha256 pieces;
    for (std::size_t at = 0, step = 1; at < text.size(); at += step, step = step * 2 + 1) {
        pieces.update(std::string_view(text).substr(at, step));
    }
    auto digest = pieces.finish();
    std::string hex;
    for (auto byte : digest) {
        hex += fmt::format("{:02x}", byte);
    }
    CHECK(hex == sha256_hex(text));
}

TEST_CASE("sha256 pads messages of 55, 56 and 64 bytes across the block boundary correctly", "[util]") {
    CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
