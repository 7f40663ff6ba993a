#pragma once
// Secrets that dtx must never print: a registry of their values and the masker every printing
// point applies (progress, errors, -v/-vv logs, `dtx config`, `dtx run --dry-run`). `dtx env`
// prints in clear on purpose, and the test command's environment holds the real values.

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dtx::secrets {

// What a secret is replaced with: no hint of its length.
inline constexpr std::string_view k_mask = "****";

// Shorter values are not registered: masking "pw" or "123" would garble ports, times and words
// throughout the output while hiding nothing worth hiding.
inline constexpr std::size_t k_min_secret_length = 4;

// A set of secret values; every member may be called from any thread.
class SecretSet {
public:
    // Registers `value` and its percent-encoded form (as it appears in URLs). Values shorter than
    // k_min_secret_length are ignored.
    void add(std::string_view value);
    // `text` with every registered form replaced by k_mask, longest first (so a secret containing
    // another is masked whole), and the password of every URL's userinfo masked even when it is
    // not registered.
    std::string mask(std::string_view text) const;
    void clear();

private:
    void insert(std::string value);  // under m_mutex
    mutable std::mutex m_mutex;
    std::vector<std::string> m_values;  // longest first, no duplicates
};

// The process's registry, filled when a spec is loaded.
SecretSet& secrets();

inline void add_secret(std::string_view value) {
    secrets().add(value);
}

// secrets().mask(text)
inline std::string masked(std::string_view text) {
    return secrets().mask(text);
}

}  // namespace dtx::secrets
