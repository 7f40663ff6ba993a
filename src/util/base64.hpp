#pragma once
// Base64 (RFC 4648) in both alphabets: the standard one (docker config.json "auth") and the
// URL-safe one (the engine's X-Registry-Auth header).

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace dtx::util {

// Standard alphabet (+ /), padded with '='.
std::string base64_encode(std::string_view data);
// URL-safe alphabet (- _), padded with '=' as Go's base64.URLEncoding expects.
std::string base64url_encode(std::string_view data);
// Decodes either alphabet, with or without padding. Fails with Errc::invalid on any other
// character, misplaced padding or a length no encoder produces.
Result<std::string> base64_decode(std::string_view text);

}  // namespace dtx::util
