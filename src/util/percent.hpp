#pragma once

#include <string>
#include <string_view>

namespace dtx::util {

// Percent-encodes every byte but the unreserved characters A-Z a-z 0-9 - _ . ~ (RFC 3986), for
// query values, path segments and the user/password part of URLs. Bytes in `keep` stay as they
// are too (an image reference in a path keeps its '/' and ':').
std::string percent_encode(std::string_view text, std::string_view keep = {});

}  // namespace dtx::util
