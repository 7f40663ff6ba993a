#include "images/dockerignore.hpp"

#include <fmt/format.h>
#include <optional>
#include <utility>

namespace dtx::images {

namespace {

using Op = IgnoreToken::Op;

constexpr std::string_view k_blanks = " \t\r\n\v\f";
constexpr std::string_view k_bom = "\xEF\xBB\xBF";

std::string_view trim(std::string_view text) {
    auto first = text.find_first_not_of(k_blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(k_blanks) - first + 1);
}

// Go's filepath.Clean on '/'-separated text: no empty or "." elements, ".." folded into its
// parent where there is one (dropped at the root), "." for nothing.
std::string clean(std::string_view path) {
    bool rooted = !path.empty() && path.front() == '/';
    std::vector<std::string_view> parts;
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        std::string_view part = path.substr(pos, slash == std::string_view::npos ? slash : slash - pos);
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
            } else if (!rooted) {
                parts.push_back(part);
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        pos = slash + 1;
    }
    std::string out = rooted ? "/" : "";
    for (size_t i = 0; i < parts.size(); ++i) {
        out += (i == 0 ? "" : "/");
        out += parts[i];
    }
    return out.empty() ? "." : out;
}

// The code point at `pos` and its length in bytes; a byte that does not start valid UTF-8 counts
// as one character on its own (as Go's regexp reads it).
std::pair<char32_t, size_t> rune_at(std::string_view s, size_t pos) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char lead = byte(pos);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length <= 1 || pos + length > s.size()) {
        return {lead, 1};
    }
    char32_t code = lead & (0x7F >> length);
    for (size_t i = 1; i < length; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) {
            return {lead, 1};
        }
        code = (code << 6) | (byte(pos + i) & 0x3F);
    }
    return {code, length};
}

class Compiler {
public:
    explicit Compiler(std::string_view pattern) : m_p(pattern) {}

    // The tokens of the pattern, or why it is malformed (the cases Go's filepath.Match rejects).
    util::Result<std::vector<IgnoreToken>> run() {
        while (m_i < m_p.size()) {
            char c = m_p[m_i];
            if (c == '*') {
                star();
            } else if (c == '?') {
                ++m_i;
                m_out.push_back({Op::any_one, {}, {}, false});
            } else if (c == '[') {
                ++m_i;
                if (auto error = char_class()) {
                    return util::fail(util::Errc::invalid, *error);
                }
            } else if (c == '\\') {
                if (++m_i == m_p.size()) {
                    return util::fail(util::Errc::invalid, "a trailing '\\' escapes nothing");
                }
                literal(rune_at(m_p, m_i).second);
            } else {
                literal(1);
            }
        }
        return std::move(m_out);
    }

private:
    // "**" (with the '/' after it) is any number of directories; at the very end, anything.
    void star() {
        if (m_i + 1 < m_p.size() && m_p[m_i + 1] == '*') {
            m_i += 2;
            if (m_i < m_p.size() && m_p[m_i] == '/') {
                ++m_i;
            }
            m_out.push_back({m_i == m_p.size() ? Op::rest : Op::dirs, {}, {}, false});
        } else {
            ++m_i;
            m_out.push_back({Op::any_run, {}, {}, false});
        }
    }

    void literal(size_t length) {
        std::string_view text = m_p.substr(m_i, length);
        m_i += length;
        if (!m_out.empty() && m_out.back().op == Op::literal) {
            m_out.back().text += text;
        } else {
            m_out.push_back({Op::literal, std::string(text), {}, false});
        }
    }

    // One end of a range: a character, or an escaped one; '-' and ']' must be escaped here.
    std::optional<char32_t> class_char() {
        if (m_i >= m_p.size() || m_p[m_i] == '-' || m_p[m_i] == ']') {
            return std::nullopt;
        }
        if (m_p[m_i] == '\\' && ++m_i >= m_p.size()) {
            return std::nullopt;
        }
        auto [code, length] = rune_at(m_p, m_i);
        m_i += length;
        return code;
    }

    std::optional<std::string> char_class() {
        IgnoreToken token{Op::char_class, {}, {}, false};
        if (m_i < m_p.size() && m_p[m_i] == '^') {
            token.negated = true;
            ++m_i;
        }
        while (true) {
            if (m_i >= m_p.size()) {
                return "'[' is not closed";
            }
            if (m_p[m_i] == ']' && !token.ranges.empty()) {
                ++m_i;
                break;
            }
            auto lo = class_char();
            if (!lo) {
                return "a '[' class is empty or has a bad range ('-' and ']' need a '\\' there)";
            }
            auto hi = lo;
            if (m_i < m_p.size() && m_p[m_i] == '-') {
                ++m_i;
                hi = class_char();
                if (!hi) {
                    return "a range in '[' has no end";
                }
            }
            token.ranges.push_back(*lo);
            token.ranges.push_back(*hi);
        }
        m_out.push_back(std::move(token));
        return std::nullopt;
    }

    std::string_view m_p;
    size_t m_i = 0;
    std::vector<IgnoreToken> m_out;
};

bool in_class(const IgnoreToken& token, char32_t code) {
    bool found = false;
    for (size_t i = 0; i + 1 < token.ranges.size() && !found; i += 2) {
        found = token.ranges[i] <= code && code <= token.ranges[i + 1];
    }
    return found != token.negated;
}

bool match_tokens(const std::vector<IgnoreToken>& tokens, size_t ti, std::string_view s, size_t si);

// Where the rest of `s` goes on after the literal, '?' or class token `t` matched at `si`; nullopt
// when it does not match there.
std::optional<size_t> match_single(const IgnoreToken& t, std::string_view s, size_t si) {
    switch (t.op) {
    case Op::literal:
        if (s.substr(si, t.text.size()) != t.text) {
            return std::nullopt;
        }
        return si + t.text.size();
    case Op::any_one:
        if (si >= s.size() || s[si] == '/') {
            return std::nullopt;
        }
        return si + rune_at(s, si).second;
    case Op::char_class: {
        if (si >= s.size()) {
            return std::nullopt;
        }
        auto [code, length] = rune_at(s, si);
        if (!in_class(t, code)) {
            return std::nullopt;
        }
        return si + length;
    }
    default:
        return std::nullopt;
    }
}

// '*' at `si`: tokens from `ti` on match after some run of non-'/' characters.
bool match_any_run(const std::vector<IgnoreToken>& tokens, size_t ti, std::string_view s, size_t si) {
    for (size_t k = si;; k += rune_at(s, k).second) {
        if (match_tokens(tokens, ti, s, k)) {
            return true;
        }
        if (k >= s.size() || s[k] == '/') {
            return false;
        }
    }
}

// "**/" at `si`: tokens from `ti` on match here or after any '/' further on.
bool match_dirs(const std::vector<IgnoreToken>& tokens, size_t ti, std::string_view s, size_t si) {
    if (match_tokens(tokens, ti, s, si)) {
        return true;
    }
    for (size_t k = si; k < s.size(); ++k) {
        if (s[k] == '/' && match_tokens(tokens, ti, s, k + 1)) {
            return true;
        }
    }
    return false;
}

// Backtracking over the tokens; patterns and paths are short, so no memoisation.
bool match_tokens(const std::vector<IgnoreToken>& tokens, size_t ti, std::string_view s, size_t si) {
    for (; ti < tokens.size(); ++ti) {
        const IgnoreToken& t = tokens[ti];
        switch (t.op) {
        case Op::any_run:
            return match_any_run(tokens, ti + 1, s, si);
        case Op::dirs:
            return match_dirs(tokens, ti + 1, s, si);
        case Op::rest:
            return true;
        case Op::literal:
        case Op::any_one:
        case Op::char_class:
            if (auto next = match_single(t, s, si)) {
                si = *next;
            } else {
                return false;
            }
            break;
        }
    }
    return si == s.size();
}

// The pattern as docker's matcher holds it (text already cleaned, '!' already taken off).
util::Result<IgnorePattern> compile(std::string text, bool exception) {
    IgnorePattern p;
    p.exception = exception;
    // Docker's shortcut for "**" followed by plain text is an ends-with test, which is looser than
    // the glob ("**foo" matches "xfoo"); kept, since the point is to send what docker would send.
    if (text.starts_with("**") && text.find_first_of("*?[]\\", 2) == std::string::npos) {
        p.suffix = true;
    } else {
        auto tokens = Compiler(text).run();
        if (!tokens) {
            return tokens.error();
        }
        p.tokens = std::move(*tokens);
    }
    p.text = std::move(text);
    return p;
}

// A pattern as written, cleaned as docker cleans it, without a leading '/' (kept when it is all).
std::string cleaned_pattern(std::string_view pattern) {
    if (pattern.empty()) {
        return {};
    }
    std::string cleaned = clean(pattern);
    if (cleaned.size() > 1 && cleaned.front() == '/') {
        cleaned.erase(0, 1);
    }
    return cleaned;
}

}  // namespace

bool IgnorePattern::matches(std::string_view path) const {
    if (suffix) {
        std::string_view tail = std::string_view(text).substr(2);
        return path.ends_with(tail) || (tail.starts_with('/') && path == tail.substr(1));
    }
    return match_tokens(tokens, 0, path, 0);
}

util::Result<Dockerignore> Dockerignore::parse(std::string_view text) {
    Dockerignore out;
    size_t number = 0;
    for (size_t pos = 0; pos < text.size();) {
        size_t end = text.find('\n', pos);
        std::string_view line = text.substr(pos, end == std::string_view::npos ? end : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        if (++number == 1 && line.starts_with(k_bom)) {
            line.remove_prefix(k_bom.size());
        }
        if (line.starts_with('#')) {  // only at the very start: " # x" is a pattern
            continue;
        }
        std::string_view pattern = trim(line);
        if (pattern.empty()) {
            continue;
        }
        bool exception = pattern.front() == '!';
        if (exception) {
            pattern = trim(pattern.substr(1));
        }
        std::string cleaned = cleaned_pattern(pattern);
        // Docker's matcher cleans "!" + pattern once more: a lone "!" (or "!/") is refused there.
        if (exception && (cleaned.empty() || cleaned == "/")) {
            return util::fail(util::Errc::invalid,
                              fmt::format("line {}: \"{}\": '!' needs a pattern after it", number, trim(line)));
        }
        auto compiled = compile(std::move(cleaned), exception);
        if (!compiled) {
            return util::fail(util::Errc::invalid, fmt::format("line {}: bad pattern \"{}\": {}", number, trim(line),
                                                               compiled.error().message));
        }
        out.m_patterns.push_back(std::move(*compiled));
    }
    return out;
}

void Dockerignore::keep(std::string_view path) {
    if (!excluded(path)) {
        return;
    }
    auto compiled = compile(clean(path), true);
    if (compiled) {
        m_patterns.push_back(std::move(*compiled));
    } else {  // a name that is not a valid pattern ("a[b"): match it as it is
        IgnoreToken literal{Op::literal, std::string(path), {}, false};
        m_patterns.push_back(IgnorePattern{std::string(path), true, false, {std::move(literal)}});
    }
}

bool Dockerignore::excluded(std::string_view path) const {
    bool matched = false;
    for (const auto& pattern : m_patterns) {
        // An exclusion cannot change an excluded path, nor an exception an included one.
        if (pattern.exception != matched) {
            continue;
        }
        bool match = pattern.matches(path);
        for (size_t slash = path.find('/'); !match && slash != std::string_view::npos;
             slash = path.find('/', slash + 1)) {
            match = pattern.matches(path.substr(0, slash));
        }
        if (match) {
            matched = !pattern.exception;
        }
    }
    return matched;
}

bool Dockerignore::exception_under(std::string_view directory) const {
    std::string prefix = std::string(directory) + "/";
    for (const auto& pattern : m_patterns) {
        if (pattern.exception && (pattern.text + "/").starts_with(prefix)) {
            return true;
        }
    }
    return false;
}

}  // namespace dtx::images
