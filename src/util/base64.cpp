#include "util/base64.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace dtx::util {

namespace {

constexpr std::string_view k_standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view k_url_safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(std::string_view data, std::string_view alphabet) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    for (size_t i = 0; i < data.size(); i += 3) {
        size_t n = std::min<size_t>(3, data.size() - i);
        std::uint32_t group = 0;
        for (size_t k = 0; k < 3; ++k) {
            group = (group << 8) | (k < n ? static_cast<unsigned char>(data[i + k]) : 0U);
        }
        for (size_t k = 0; k < 4; ++k) {
            out.push_back(k <= n ? alphabet[(group >> (18 - 6 * k)) & 63U] : '=');
        }
    }
    return out;
}

// -1 for a byte outside both alphabets.
constexpr std::array<int, 256> make_decode_table() {
    std::array<int, 256> table{};
    for (auto& v : table) {
        v = -1;
    }
    for (size_t i = 0; i < 64; ++i) {
        table[static_cast<unsigned char>(k_standard[i])] = static_cast<int>(i);
        table[static_cast<unsigned char>(k_url_safe[i])] = static_cast<int>(i);
    }
    return table;
}

constexpr auto k_decode = make_decode_table();

}  // namespace

std::string base64_encode(std::string_view data) {
    return encode(data, k_standard);
}

std::string base64url_encode(std::string_view data) {
    return encode(data, k_url_safe);
}

Result<std::string> base64_decode(std::string_view text) {
    size_t padding = 0;
    while (!text.empty() && text.back() == '=' && padding < 2) {
        text.remove_suffix(1);
        ++padding;
    }
    // One leftover character carries only 6 bits: no encoder ends that way.
    if (text.size() % 4 == 1 || (padding > 0 && (text.size() + padding) % 4 != 0)) {
        return fail(Errc::invalid, "not valid base64: wrong length or padding");
    }
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t bits = 0;
    int count = 0;
    for (unsigned char c : text) {
        int value = k_decode[c];
        if (value < 0) {
            return fail(Errc::invalid, "not valid base64: unexpected character");
        }
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xFFU));
        }
    }
    return out;
}

}  // namespace dtx::util
