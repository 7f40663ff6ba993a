#include "secrets/url_userinfo.hpp"

namespace dtx::secrets {

namespace {

constexpr std::string_view k_scheme_end = "://";
// Where an authority ends: the path, query or fragment begins, or the URL's surrounding text does.
constexpr std::string_view k_authority_end = "/?#\"'`<>\\ \t\r\n";

}  // namespace

std::string mask_url_passwords(std::string_view text, std::string_view mask) {
    std::string out;
    size_t done = 0;  // text[0, done) is in `out`
    for (size_t at = text.find(k_scheme_end); at != std::string_view::npos; at = text.find(k_scheme_end, at)) {
        size_t begin = at + k_scheme_end.size();
        size_t end = text.find_first_of(k_authority_end, begin);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view authority = text.substr(begin, end - begin);
        size_t user_end = authority.rfind('@');
        size_t colon = user_end == std::string_view::npos ? user_end : authority.substr(0, user_end).find(':');
        if (colon != std::string_view::npos && colon + 1 < user_end) {
            out.append(text.substr(done, begin + colon + 1 - done));
            out.append(mask);
            done = begin + user_end;
        }
        at = end;
    }
    out.append(text.substr(done));
    return out;
}

}  // namespace dtx::secrets
