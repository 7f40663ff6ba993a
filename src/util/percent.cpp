#include "util/percent.hpp"

#include <cctype>

namespace dtx::util {

std::string percent_encode(std::string_view text, std::string_view keep) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' ||
            keep.find(static_cast<char>(c)) != std::string_view::npos) {
            out.push_back(static_cast<char>(c));
        } else {
            out += {'%', k_hex[c >> 4], k_hex[c & 15]};
        }
    }
    return out;
}

}  // namespace dtx::util
