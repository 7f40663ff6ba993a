#pragma once
// Which Compose keys exist, which dtx acts on, and the closest match for a misspelt one.

#include <span>
#include <string>
#include <string_view>

namespace dtx::compose {

enum class KeySupport {
    honoured,  // dtx acts on it
    ignored,   // a Compose key dtx does not act on (yet): a warning, never silent
    unknown,   // not a Compose key: an error
};

KeySupport service_key_support(std::string_view key);
KeySupport top_level_key_support(std::string_view key);

// Every key Compose allows on a service / at the top level, for suggestions.
std::span<const std::string_view> service_keys();
std::span<const std::string_view> top_level_keys();

// The candidate closest to `key` by edit distance when it is plausibly a typo, else "".
std::string closest_key(std::string_view key, std::span<const std::string_view> candidates);

}  // namespace dtx::compose
