#include "util/ids.hpp"

#include <fmt/format.h>
#include <random>

namespace dtx::util {

std::string random_hex(int n) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::random_device rd;
    std::string out;
    out.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        out.push_back(k_digits[rd() % 16]);
    }
    return out;
}

std::string fingerprint(std::string_view data) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return fmt::format("{:016x}", h);
}

}  // namespace dtx::util
