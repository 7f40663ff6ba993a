#include "vars/dotenv.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dtx::vars {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_export = "export";
constexpr std::string_view k_inline_comment = " #";  // compose-go cuts at a space then '#', not a tab

// compose-go's isSpace: whitespace that is not a line break.
bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

bool is_key_char(char c) {
    bool ascii_word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    return ascii_word || c == '_' || c == '.' || c == '-' || c == '[' || c == ']' ||
           static_cast<unsigned char>(c) >= 0x80;
}

std::string_view trim_right(std::string_view text) {
    while (!text.empty() && (is_blank(text.back()) || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return text;
}

// \0ooo: exactly three octal digits worth at most 0377; anything else is kept as written,
// as compose-go does (it hands the sequence to Go's strconv.UnquoteChar and keeps it on error).
size_t append_octal_escape(std::string_view raw, size_t i, std::string& out) {
    size_t digits = 0;
    while (digits < 3 && i + 2 + digits < raw.size() && raw[i + 2 + digits] >= '0' && raw[i + 2 + digits] <= '9') {
        ++digits;
    }
    std::string_view octal = raw.substr(i + 2, digits);
    bool valid = digits == 3 && std::all_of(octal.begin(), octal.end(), [](char c) { return c <= '7'; });
    int value = valid ? (octal[0] - '0') * 64 + (octal[1] - '0') * 8 + (octal[2] - '0') : 0;
    if (valid && value <= 0xFF) {
        out.push_back(static_cast<char>(value));
    } else {
        out.append(raw.substr(i, 2 + digits));
    }
    return 2 + digits;
}

// Shell escapes of a double-quoted value. `\$` becomes `$$` so interpolation keeps a literal `$`.
std::string expand_escapes(std::string_view raw) {
    constexpr std::string_view k_from = "abfnrtv\\\"";
    constexpr std::string_view k_to = "\a\b\f\n\r\t\v\\\"";
    std::string out;
    for (size_t i = 0; i < raw.size();) {
        if (raw[i] != '\\' || i + 1 == raw.size()) {
            out.push_back(raw[i++]);
            continue;
        }
        char next = raw[i + 1];
        if (size_t k = k_from.find(next); k != std::string_view::npos) {
            out.push_back(k_to[k]);
            i += 2;
        } else if (next == '$') {
            out += "$$";
            i += 2;
        } else if (next == '0') {
            i += append_octal_escape(raw, i, out);
        } else {
            out.push_back('\\');  // not an escape: the backslash stays, the next character is read as usual
            ++i;
        }
    }
    return out;
}

class DotenvParser {
public:
    DotenvParser(std::string_view text, const VarLookup& lookup, std::vector<std::string>* unset)
        : m_text(text), m_lookup(lookup), m_unset(unset) {
        if (m_text.substr(0, k_utf8_bom.size()) == k_utf8_bom) {
            m_text.remove_prefix(k_utf8_bom.size());
        }
    }

    util::Result<std::vector<DotenvEntry>> run() {
        for (skip_to_statement(); !at_end(); skip_to_statement()) {
            if (auto status = parse_statement(); !status) {
                return status.error();
            }
        }
        return std::move(m_entries);
    }

private:
    bool at_end() const { return m_pos >= m_text.size(); }

    // 1-based line of `pos`; positions are asked for in increasing order, so counting is linear.
    int line_at(size_t pos) {
        for (; m_counted < pos && m_counted < m_text.size(); ++m_counted) {
            m_line += m_text[m_counted] == '\n' ? 1 : 0;
        }
        return m_line;
    }

    util::Failure fail_at(int line, const std::string& message) const {
        return util::fail(util::Errc::invalid, fmt::format("line {}: {}", line, message));
    }

    std::string_view rest_of_line(size_t from) const {
        size_t end = std::min(m_text.find('\n', from), m_text.size());
        return m_text.substr(from, end - from);
    }

    void skip_blanks() {
        while (!at_end() && is_blank(m_text[m_pos])) {
            ++m_pos;
        }
    }

    void skip_to_end_of_line() { m_pos = std::min(m_text.find('\n', m_pos), m_text.size()); }

    // Skips whitespace, empty lines and comment lines.
    void skip_to_statement() {
        while (!at_end()) {
            char c = m_text[m_pos];
            if (c == '#') {
                skip_to_end_of_line();
            } else if (c == '\n' || is_blank(c)) {
                ++m_pos;
            } else {
                return;
            }
        }
    }

    util::Status parse_statement() {
        int line = line_at(m_pos);
        if (m_text.substr(m_pos, k_export.size()) == k_export && m_pos + k_export.size() < m_text.size() &&
            is_blank(m_text[m_pos + k_export.size()])) {
            m_pos += k_export.size();
            skip_blanks();
        }
        size_t key_start = m_pos;
        for (; !at_end(); ++m_pos) {
            char c = m_text[m_pos];
            if (c == '=' || c == ':' || c == '\n') {
                break;
            }
            if (!is_blank(c) && !is_key_char(c)) {
                return fail_at(line, fmt::format("unexpected character \"{}\" in variable name \"{}\"", c,
                                                 trim_right(rest_of_line(key_start))));
            }
        }
        std::string key(trim_right(m_text.substr(key_start, m_pos - key_start)));
        if (key.empty()) {
            return fail_at(line, "missing variable name before '='");
        }
        if (std::any_of(key.begin(), key.end(), is_blank)) {
            return fail_at(line, fmt::format("variable name \"{}\" cannot contain a space", key));
        }
        if (at_end() || m_text[m_pos] == '\n') {
            if (auto value = resolve(key)) {  // KEY alone: inherited, as compose-go does
                set(key, std::move(*value), line);
            }
            return util::ok_status();
        }
        ++m_pos;  // '=' or ':'
        skip_blanks();
        auto value = read_value(line);
        if (!value) {
            return value.error();
        }
        set(key, std::move(value.value()), line);
        return util::ok_status();
    }

    util::Result<std::string> read_value(int line) {
        if (!at_end() && (m_text[m_pos] == '"' || m_text[m_pos] == '\'')) {
            return read_quoted(m_text[m_pos], line);
        }
        std::string_view value = rest_of_line(m_pos);
        skip_to_end_of_line();
        value = value.substr(0, value.find(k_inline_comment));
        return interpolate_value(trim_right(value), line);
    }

    util::Result<std::string> read_quoted(char quote, int line) {
        size_t open = m_pos++;
        std::string raw;
        bool escaped = false;
        for (;;) {
            if (at_end()) {
                return fail_at(line, fmt::format("unterminated quoted value {}", rest_of_line(open)));
            }
            char c = m_text[m_pos++];
            if (c == quote && !escaped) {
                break;
            }
            if (escaped) {
                raw += c == quote ? std::string(1, c) : std::string{'\\', c};  // only \<quote> loses its '\'
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else {
                raw.push_back(c);
            }
        }
        if (auto status = expect_line_end(); !status) {
            return status.error();
        }
        if (quote == '\'') {
            return raw;
        }
        return interpolate_value(expand_escapes(raw), line);
    }

    // After a closing quote: whitespace and an optional comment. compose-go would instead start the
    // next statement right there; we refuse, as that is almost always a mistake.
    util::Status expect_line_end() {
        skip_blanks();
        if (!at_end() && m_text[m_pos] == '#') {
            skip_to_end_of_line();
        }
        if (at_end() || m_text[m_pos] == '\n') {
            return util::ok_status();
        }
        return fail_at(line_at(m_pos),
                       fmt::format("unexpected text after the closing quote: \"{}\"", trim_right(rest_of_line(m_pos))));
    }

    util::Result<std::string> interpolate_value(std::string_view value, int line) {
        VarLookup resolver = [this](const std::string& name) { return resolve(name); };
        auto result = interpolate(value, resolver);
        if (!result) {
            return fail_at(line, result.error().message);
        }
        for (auto& name : result->unset) {
            if (m_unset && std::find(m_unset->begin(), m_unset->end(), name) == m_unset->end()) {
                m_unset->push_back(name);
            }
        }
        return std::move(result->text);
    }

    // The caller's lookup wins over the file's own earlier entries, as in compose-go.
    std::optional<std::string> resolve(const std::string& name) const {
        if (auto value = m_lookup(name)) {
            return value;
        }
        auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const auto& e) { return e.key == name; });
        return it == m_entries.end() ? std::nullopt : std::optional<std::string>(it->value);
    }

    void set(const std::string& key, std::string value, int line) {
        auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const auto& e) { return e.key == key; });
        if (it == m_entries.end()) {
            m_entries.push_back(DotenvEntry{key, std::move(value), line});
        } else {
            it->value = std::move(value);
            it->line = line;
        }
    }

    std::string_view m_text;
    const VarLookup& m_lookup;
    std::vector<std::string>* m_unset;
    std::vector<DotenvEntry> m_entries;
    size_t m_pos = 0;
    size_t m_counted = 0;
    int m_line = 1;
};

}  // namespace

util::Result<std::vector<DotenvEntry>> parse_dotenv(std::string_view text, const VarLookup& lookup,
                                                    std::vector<std::string>* unset) {
    return DotenvParser(text, lookup, unset).run();
}

}  // namespace dtx::vars
