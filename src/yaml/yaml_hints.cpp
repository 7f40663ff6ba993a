#include "yaml/yaml_hints.hpp"

#include <fmt/format.h>
#include <cstdlib>
#include <vector>

namespace dtx::yaml {

namespace {

// One line of the file as indentation sees it. Columns are 1-based, as in messages.
struct RawLine {
    int number = 0;
    bool structural = false;  // false: blank, comment, or the content of a block scalar
    int tab_column = 0;       // the first tab among the leading blanks; 0: none
    int indent = 0;           // leading spaces before the first other character
    bool item = false;        // starts with "- "
    std::string key;          // "image" of `image: x` or `- image: x`; empty: not a key line
    int key_column = 0;
    std::string value;  // what follows `key:` on the same line, comment dropped
};

// The key of `content` ("name: value", "\"quoted key\": value"), and where its value starts.
bool split_key(const std::string& content, std::string& key, size_t& value_at) {
    size_t colon = std::string::npos;
    if (!content.empty() && (content[0] == '"' || content[0] == '\'')) {
        size_t close = content.find(content[0], 1);
        if (close == std::string::npos || close + 1 >= content.size() || content[close + 1] != ':') {
            return false;
        }
        key = content.substr(1, close - 1);
        colon = close + 1;
    } else {
        if (content.empty() || content.find_first_of("[{#&*!|>%@`") == 0) {
            return false;
        }
        for (size_t i = 0; i < content.size(); ++i) {
            if (content[i] == ':' && (i + 1 == content.size() || content[i + 1] == ' ')) {
                colon = i;
                break;
            }
        }
        if (colon == std::string::npos || colon == 0) {
            return false;
        }
        key = content.substr(0, colon);
    }
    value_at = colon + 1;
    return true;
}

std::string trimmed_value(const std::string& rest) {
    size_t start = rest.find_first_not_of(' ');
    if (start == std::string::npos || rest[start] == '#') {
        return "";
    }
    size_t comment = rest.find(" #", start);
    std::string value = rest.substr(start, comment == std::string::npos ? std::string::npos : comment - start);
    return value.substr(0, value.find_last_not_of(' ') + 1);
}

RawLine read_line(int number, const std::string& text) {
    RawLine l;
    l.number = number;
    size_t i = 0;
    for (; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
        if (text[i] == '\t' && l.tab_column == 0) {
            l.tab_column = static_cast<int>(i) + 1;
        }
    }
    size_t spaces = text.find_first_not_of(' ');
    l.indent = static_cast<int>(spaces == std::string::npos ? text.size() : spaces);
    if (i == text.size() || text[i] == '#') {
        return l;
    }
    l.structural = true;
    std::string content = text.substr(i);
    int content_column = static_cast<int>(i) + 1;
    if (content == "-" || content.starts_with("- ")) {
        l.item = true;
        size_t next = content.find_first_not_of(' ', 1);
        content = next == std::string::npos ? "" : content.substr(next);
        content_column += static_cast<int>(next == std::string::npos ? 1 : next);
    }
    size_t value_at = 0;
    if (split_key(content, l.key, value_at)) {
        l.key_column = content_column;
        l.value = trimmed_value(content.substr(value_at));
    }
    return l;
}

// Every line up to `last` (1-based); the content of block scalars (`key: |`) is not structural.
std::vector<RawLine> read_lines(const std::string& text, int last) {
    std::vector<RawLine> lines;
    int block_indent = -1;  // inside a block scalar: lines indented more than this belong to it
    size_t start = 0;
    for (int number = 1; number <= last && start <= text.size(); ++number) {
        size_t end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        RawLine l = read_line(number, line);
        if (block_indent >= 0 && (!l.structural || l.indent > block_indent)) {
            l.structural = false;
        } else {
            block_indent = -1;
        }
        if (l.structural && (l.value.starts_with('|') || l.value.starts_with('>'))) {
            block_indent = l.indent;
        }
        lines.push_back(std::move(l));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return lines;
}

// Where a line opens a mapping or a list: `- name: x` opens both, the key right of the dash.
struct Level {
    const RawLine* line;
    int column;
    bool item;
};

Level level_of(const RawLine& l) {
    return {&l, l.item ? l.indent + 1 : l.key_column, l.item};
}

std::string name_of(const Level& l, const char* item_word) {
    return l.item ? fmt::format("{} list item", item_word) : fmt::format("\"{}\"", l.line->key);
}

Diagnostic misaligned(const std::string& file, const Level& at, const Level& sibling) {
    return {Location{file, at.line->number, at.column}, "",
            fmt::format("{} at column {} is not aligned with {} at line {}, column {}; start the {} in the same column",
                        name_of(at, "this"), at.column, name_of(sibling, "the"), sibling.line->number, sibling.column,
                        at.item ? "items of one list" : "keys of one mapping")};
}

// The mappings and lists still open at the line after `above`, innermost first: walking up, each
// one starts left of everything seen since.
std::vector<Level> open_levels(const std::vector<const RawLine*>& above) {
    std::vector<Level> levels;
    int limit = 1 << 30;
    for (auto it = above.rbegin(); it != above.rend(); ++it) {
        const RawLine& l = **it;
        std::vector<Level> own;
        if (!l.key.empty()) {
            own.push_back({&l, l.key_column, false});
        }
        if (l.item) {
            own.push_back({&l, l.indent + 1, true});
        }
        for (const auto& level : own) {
            if (level.column < limit) {
                levels.push_back(level);
                limit = level.column;
            }
        }
    }
    return levels;
}

}  // namespace

std::optional<Diagnostic> explain_syntax_error(const std::string& file, const std::string& text, int line) {
    std::vector<RawLine> lines = read_lines(text, line + 1);
    // Only on the line yaml-cpp stopped at: elsewhere a tab may be the content of a quoted scalar.
    if (!lines.empty() && lines.back().number == line + 1 && lines.back().tab_column > 0) {
        return Diagnostic{Location{file, line + 1, lines.back().tab_column}, "",
                          "tabs are not allowed in YAML indentation; use spaces"};
    }
    std::vector<const RawLine*> above;
    for (const auto& l : lines) {
        if (l.structural && (l.item || !l.key.empty())) {
            above.push_back(&l);
        }
    }
    if (above.size() < 2 || above.back()->number != line + 1) {
        return std::nullopt;
    }
    const RawLine& at = *above.back();
    above.pop_back();
    const RawLine& previous = *above.back();
    if (!at.item && !previous.key.empty() && at.key_column > previous.key_column && !previous.value.empty() &&
        std::string("&!|>[{").find(previous.value[0]) == std::string::npos) {
        Level sibling{&previous, previous.key_column, false};
        if (at.key_column == previous.key_column + 1) {
            return misaligned(file, level_of(at), sibling);
        }
        return Diagnostic{Location{file, at.number, at.key_column}, "",
                          fmt::format("\"{0}\" is indented under \"{1}\", but \"{1}\" already has a value on line {2} "
                                      "(\"{3}\"); a key holds either a value or an indented mapping: remove the "
                                      "value, or align \"{0}\" with \"{1}\"",
                                      at.key, previous.key, previous.number, previous.value)};
    }
    Level here = level_of(at);
    std::vector<Level> levels = open_levels(above);
    if (levels.empty() || here.column > levels.front().column) {
        return std::nullopt;
    }
    const Level* closest = nullptr;
    for (const auto& level : levels) {
        if (level.column == here.column) {
            return std::nullopt;  // aligned with an open level: the mistake is something else
        }
        if (closest == nullptr || std::abs(level.column - here.column) < std::abs(closest->column - here.column)) {
            closest = &level;
        }
    }
    return misaligned(file, here, *closest);
}

}  // namespace dtx::yaml
