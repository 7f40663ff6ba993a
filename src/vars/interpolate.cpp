#include "vars/interpolate.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dtx::vars {

namespace {

bool is_name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}

enum class Modifier { default_value, alternative, required };

struct Operator {
    Modifier modifier;
    bool colon;  // with ':' an empty value counts as missing
};

// A recursive-descent reader over the whole text, so offsets in messages are absolute even inside
// nested defaults. `evaluate` is false while reading a word that will not be used: it is still
// checked for syntax, but nothing is looked up, recorded or required.
class Interpolator {
public:
    Interpolator(std::string_view text, const VarLookup& lookup) : m_text(text), m_lookup(lookup) {}

    util::Result<InterpolationResult> run() {
        std::string out;
        if (auto status = expand_until_end(true, out); !status) {
            return status.error();
        }
        return InterpolationResult{std::move(out), std::move(m_unset)};
    }

private:
    bool at_end() const { return m_pos >= m_text.size(); }

    util::Status expand_until_end(bool evaluate, std::string& out) {
        while (!at_end()) {
            if (m_text[m_pos] == '$') {
                if (auto status = expand_dollar(evaluate, out); !status) {
                    return status;
                }
            } else {
                out.push_back(m_text[m_pos++]);
            }
        }
        return util::ok_status();
    }

    // Reads a modifier's word up to the '}' that balances the enclosing "${" (not consumed).
    util::Status expand_word(size_t start, bool evaluate, std::string& out) {
        int depth = 0;
        while (!at_end()) {
            char c = m_text[m_pos];
            if (c == '$') {
                if (auto status = expand_dollar(evaluate, out); !status) {
                    return status;
                }
                continue;
            }
            if (c == '}' && depth == 0) {
                return util::ok_status();
            }
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            out.push_back(c);
            ++m_pos;
        }
        return unterminated(start);
    }

    util::Status expand_dollar(bool evaluate, std::string& out) {
        size_t start = m_pos;
        char next = start + 1 < m_text.size() ? m_text[start + 1] : '\0';
        if (next == '$') {
            out.push_back('$');
            m_pos += 2;
        } else if (next == '{') {
            return expand_braced(start, evaluate, out);
        } else if (is_name_start(next)) {
            m_pos = start + 1;
            std::string name = read_name();
            out += value_of(name, evaluate);
        } else {
            out.push_back('$');  // compose-go's pattern does not match here, so it stays as written
            ++m_pos;
        }
        return util::ok_status();
    }

    util::Status expand_braced(size_t start, bool evaluate, std::string& out) {
        // Each nested default recurses once; a real spec nests a few levels, a hostile one thousands.
        if (m_depth >= k_max_nesting) {
            return util::fail(util::Errc::invalid,
                              fmt::format("invalid interpolation at offset {}: defaults nest deeper than {} levels",
                                          start, k_max_nesting));
        }
        ++m_depth;
        auto status = expand_braced_inner(start, evaluate, out);
        --m_depth;
        return status;
    }

    util::Status expand_braced_inner(size_t start, bool evaluate, std::string& out) {
        m_pos = start + 2;
        if (at_end()) {
            return unterminated(start);
        }
        if (!is_name_start(m_text[m_pos])) {
            return bad_name(start);
        }
        std::string name = read_name();
        if (at_end()) {
            return unterminated(start);
        }
        if (m_text[m_pos] == '}') {
            ++m_pos;
            out += value_of(name, evaluate);
            return util::ok_status();
        }
        auto op = read_operator();
        if (!op) {
            return at_end() ? unterminated(start) : bad_operator(start, name);
        }
        return expand_modifier(start, name, *op, evaluate, out);
    }

    util::Status expand_modifier(size_t start, const std::string& name, Operator op, bool evaluate, std::string& out) {
        std::optional<std::string> value = evaluate ? m_lookup(name) : std::nullopt;
        bool present = value.has_value() && !(op.colon && value->empty());
        bool use_word = evaluate && (op.modifier == Modifier::alternative ? present : !present);
        std::string word;
        if (auto status = expand_word(start, use_word, word); !status) {
            return status;
        }
        ++m_pos;  // the closing '}'
        if (!evaluate) {
            return util::ok_status();
        }
        if (op.modifier == Modifier::required && !present) {
            std::string message = fmt::format("required variable {} is missing a value", name);
            return util::fail(util::Errc::invalid, word.empty() ? message : message + ": " + word);
        }
        if (use_word) {
            out += word;
        } else if (op.modifier != Modifier::alternative) {
            out += *value;
        }
        return util::ok_status();
    }

    std::optional<Operator> read_operator() {
        bool colon = m_text[m_pos] == ':';
        if (colon) {
            ++m_pos;
        }
        if (at_end()) {
            return std::nullopt;
        }
        switch (m_text[m_pos]) {
        case '-':
            ++m_pos;
            return Operator{Modifier::default_value, colon};
        case '+':
            ++m_pos;
            return Operator{Modifier::alternative, colon};
        case '?':
            ++m_pos;
            return Operator{Modifier::required, colon};
        default:
            return std::nullopt;
        }
    }

    std::string read_name() {
        size_t begin = m_pos;
        while (!at_end() && is_name_char(m_text[m_pos])) {
            ++m_pos;
        }
        return std::string(m_text.substr(begin, m_pos - begin));
    }

    std::string value_of(const std::string& name, bool evaluate) {
        if (!evaluate) {
            return {};
        }
        auto value = m_lookup(name);
        if (value) {
            return std::move(*value);
        }
        if (std::find(m_unset.begin(), m_unset.end(), name) == m_unset.end()) {
            m_unset.push_back(name);
        }
        return {};
    }

    // The text from `start` to the next '}' (inclusive), shortened, to quote in a message.
    std::string excerpt(size_t start) const {
        constexpr size_t k_max_excerpt = 40;
        size_t end = m_text.find('}', start);
        size_t length = end == std::string_view::npos ? m_text.size() - start : end - start + 1;
        if (length > k_max_excerpt) {
            return std::string(m_text.substr(start, k_max_excerpt)) + "...";
        }
        return std::string(m_text.substr(start, length));
    }

    util::Failure unterminated(size_t start) const {
        return util::fail(util::Errc::invalid,
                          fmt::format("invalid interpolation \"{}\" at offset {}: \"${{\" is never closed by \"}}\"",
                                      excerpt(start), start));
    }

    util::Failure bad_name(size_t start) const {
        if (m_text[start + 2] == '}') {
            return util::fail(util::Errc::invalid,
                              fmt::format("invalid interpolation \"${{}}\" at offset {}: empty variable name", start));
        }
        return util::fail(util::Errc::invalid,
                          fmt::format("invalid interpolation \"{}\" at offset {}: a variable name must start with a "
                                      "letter or '_' and contain only letters, digits and '_'",
                                      excerpt(start), start));
    }

    util::Failure bad_operator(size_t start, const std::string& name) const {
        return util::fail(util::Errc::invalid,
                          fmt::format("invalid interpolation \"{}\" at offset {}: expected '}}' or one of :- - :+ + "
                                      ":? ? after the variable name {}",
                                      excerpt(start), start, name));
    }

    std::string_view m_text;
    const VarLookup& m_lookup;
    size_t m_pos = 0;
    std::vector<std::string> m_unset;
    int m_depth = 0;
    static constexpr int k_max_nesting = 64;
};

}  // namespace

util::Result<InterpolationResult> interpolate(std::string_view text, const VarLookup& lookup) {
    return Interpolator(text, lookup).run();
}

std::string escape_dollars(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '$') {
            out.push_back('$');
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace dtx::vars
