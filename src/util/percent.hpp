#pragma once

#include <string>
#include <string_view>

namespace dtx::util {

// Percent-encodes every byte but the unreserved characters A-Z a-z 0-9 - _ . ~ (RFC 3986), for
// query values, path segments and the user/password part of URLs.
std::string percent_encode(std::string_view text);

}  // namespace dtx::util
