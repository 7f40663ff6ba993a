#include "secrets/secret_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace dtx::secrets {

namespace {

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
}

// The name's words, split at '_' and any other character that is not a letter or digit.
std::vector<std::string> words(const std::string& name) {
    std::vector<std::string> out(1);
    for (char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            out.back() += c;
        } else if (!out.back().empty()) {
            out.emplace_back();
        }
    }
    if (out.back().empty()) {
        out.pop_back();
    }
    return out;
}

bool contains_any(const std::string& name, std::initializer_list<const char*> parts) {
    return std::any_of(parts.begin(), parts.end(), [&](const char* p) { return name.find(p) != std::string::npos; });
}

}  // namespace

bool is_secret_name(std::string_view name) {
    std::string n = upper(name);
    auto w = words(n);
    if (w.empty() || w.back() == "FILE" || w.back() == "ID" || contains_any(n, {"ALLOW_EMPTY", "RANDOM", "ONETIME"})) {
        return false;
    }
    if (contains_any(n, {"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN"})) {
        return true;
    }
    bool pass_word =
        std::any_of(w.begin(), w.end(), [](const std::string& word) { return word == "PASS" || word == "PWD"; });
    return pass_word || w.back() == "KEY" || w.back() == "APIKEY";
}

}  // namespace dtx::secrets
