#pragma once
// The password in a URL's userinfo (scheme://user:password@host), found without knowing it.

#include <string>
#include <string_view>

namespace dtx::secrets {

// `text` with the password of every `scheme://user:password@host` in it replaced by `mask`; the
// user, host and the rest stay. The authority ends at '/', '?', '#', a space or a quote, and its last
// '@' ends the userinfo, so an unencoded '@' in the password is masked too. An empty password, or
// userinfo with no ':', is left as it is.
std::string mask_url_passwords(std::string_view text, std::string_view mask);

}  // namespace dtx::secrets
