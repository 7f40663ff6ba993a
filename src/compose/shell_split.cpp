#include "compose/shell_split.hpp"

namespace dtx::compose {

namespace {

// Appends the double-quoted string opening at text[i] to `word`, a backslash escaping only " \ $ and `
// as in sh; on success moves `i` to the closing quote, and returns false when there is none.
bool append_double_quoted(std::string_view text, size_t& i, std::string& word) {
    size_t j = i + 1;
    for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() &&
            std::string_view("\"\\$`").find(text[j + 1]) != std::string_view::npos) {
            ++j;
        }
        word.push_back(text[j]);
    }
    if (j >= text.size()) {
        return false;
    }
    i = j;
    return true;
}

}  // namespace

util::Result<std::vector<std::string>> shell_split(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word) {
                words.push_back(std::move(word));
                word.clear();
                in_word = false;
            }
            continue;
        }
        in_word = true;
        if (c == '\\') {
            if (i + 1 < text.size()) {
                word.push_back(text[++i]);
            }
        } else if (c == '\'') {
            size_t end = text.find('\'', i + 1);
            if (end == std::string_view::npos) {
                return util::fail(util::Errc::invalid, "unterminated single quote");
            }
            word.append(text.substr(i + 1, end - i - 1));
            i = end;
        } else if (c == '"') {
            if (!append_double_quoted(text, i, word)) {
                return util::fail(util::Errc::invalid, "unterminated double quote");
            }
        } else {
            word.push_back(c);
        }
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
    return words;
}

}  // namespace dtx::compose
