#include "secrets/secrets.hpp"

#include "secrets/url_userinfo.hpp"
#include "util/percent.hpp"

#include <algorithm>

namespace dtx::secrets {

void SecretSet::insert(std::string value) {
    if (std::find(m_values.begin(), m_values.end(), value) != m_values.end()) {
        return;
    }
    auto at =
        std::find_if(m_values.begin(), m_values.end(), [&](const std::string& v) { return v.size() < value.size(); });
    m_values.insert(at, std::move(value));
}

void SecretSet::add(std::string_view value) {
    if (value.size() < k_min_secret_length) {
        return;
    }
    std::lock_guard lock(m_mutex);
    insert(std::string(value));
    insert(util::percent_encode(value));
}

std::string SecretSet::mask(std::string_view text) const {
    std::string out = mask_url_passwords(text, k_mask);
    std::lock_guard lock(m_mutex);
    for (const auto& secret : m_values) {
        for (size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + k_mask.size())) {
            out.replace(at, secret.size(), k_mask);
        }
    }
    return out;
}

void SecretSet::clear() {
    std::lock_guard lock(m_mutex);
    m_values.clear();
}

SecretSet& secrets() {
    static SecretSet set;
    return set;
}

}  // namespace dtx::secrets
