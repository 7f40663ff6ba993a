#include "init/sql_split.hpp"

#include <cctype>

namespace dtx::init {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Letters, digits, '_' and any byte of a multi-byte UTF-8 character, as both servers allow in names.
bool is_word(char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '_' || u >= 0x80;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

// One pass over the script. Quotes and comments are consumed whole, so a delimiter is only ever
// looked for between tokens.
class Splitter {
public:
    Splitter(std::string_view script, SqlDialect dialect) : m_s(script), m_mysql(dialect == SqlDialect::mysql) {}

    std::vector<SqlStatement> run() {
        if (m_s.starts_with(k_utf8_bom)) {
            m_i = k_utf8_bom.size();  // an editor's mark, not SQL: the server would reject it
        }
        while (m_i < m_s.size()) {
            step();
        }
        finish(m_s.size());
        return std::move(m_out);
    }

private:
    char at(std::size_t i) const { return i < m_s.size() ? m_s[i] : '\0'; }

    void step() {
        char c = m_s[m_i];
        if (m_mysql && m_start == std::string_view::npos && delimiter_command()) {
            return;
        }
        if (m_s.substr(m_i).starts_with(m_delimiter)) {
            finish(m_i);
            m_i += m_delimiter.size();
            return;
        }
        if (is_blank(c)) {
            m_line += c == '\n' ? 1 : 0;
            ++m_i;
            return;
        }
        if (line_comment()) {
            while (m_i < m_s.size() && m_s[m_i] != '\n') {
                ++m_i;
            }
            return;
        }
        if (c == '/' && at(m_i + 1) == '*') {
            block_comment();
            return;
        }
        begin();
        if (c == '\'' || c == '"' || (m_mysql && c == '`')) {
            quoted(c);
        } else if (m_mysql || c != '$' || !dollar_quoted()) {
            ++m_i;
        }
    }

    bool line_comment() const {
        char c = m_s[m_i];
        if (m_mysql && c == '#') {
            return true;
        }
        if (c != '-' || at(m_i + 1) != '-') {
            return false;
        }
        // MySQL reads "--" as a comment only before a blank or a control character: 5--1 is 6.
        char after = at(m_i + 2);
        return !m_mysql || after == '\0' || is_blank(after) || static_cast<unsigned char>(after) < 0x20;
    }

    // Comments are not content, except MySQL's /*! … */ (run by servers of that version or later)
    // and /*+ … */ (optimizer hints). PostgreSQL comments nest; MySQL's do not.
    void block_comment() {
        bool content = m_mysql && (at(m_i + 2) == '!' || at(m_i + 2) == '+');
        if (content) {
            begin();
        }
        int depth = 0;
        while (m_i < m_s.size()) {
            if (m_s[m_i] == '/' && at(m_i + 1) == '*' && (depth == 0 || !m_mysql)) {
                ++depth;
                m_i += 2;
            } else if (m_s[m_i] == '*' && at(m_i + 1) == '/') {
                m_i += 2;
                if (--depth == 0) {
                    return;
                }
            } else {
                m_line += m_s[m_i] == '\n' ? 1 : 0;
                ++m_i;
            }
        }
    }

    // A quoted string or name; a doubled quote stands for one. Backslash escapes apply in MySQL's
    // strings and in PostgreSQL's E'…' strings only (standard_conforming_strings is on by default).
    void quoted(char quote) {
        bool escapes = m_mysql ? quote != '`'
                               : quote == '\'' && m_i > 0 && (m_s[m_i - 1] == 'E' || m_s[m_i - 1] == 'e') &&
                                     (m_i < 2 || !is_word(m_s[m_i - 2]));
        ++m_i;
        while (m_i < m_s.size()) {
            char c = m_s[m_i];
            if (escapes && c == '\\' && m_i + 1 < m_s.size()) {
                m_line += m_s[m_i + 1] == '\n' ? 1 : 0;
                m_i += 2;
                continue;
            }
            m_line += c == '\n' ? 1 : 0;
            ++m_i;
            if (c == quote) {
                if (at(m_i) != quote) {
                    return;
                }
                ++m_i;
            }
        }
    }

    // PostgreSQL's $$…$$ or $tag$…$tag$ (a tag is a name that does not start with a digit). A '$'
    // right after a name's character belongs to the name (names may contain '$'), and $1 is a
    // parameter, not a quote.
    bool dollar_quoted() {
        if (m_i > 0 && is_word(m_s[m_i - 1])) {
            return false;
        }
        std::size_t j = m_i + 1;
        if (is_word(at(j)) && std::isdigit(static_cast<unsigned char>(at(j))) == 0) {
            while (is_word(at(j))) {
                ++j;
            }
        }
        if (at(j) != '$') {
            return false;
        }
        std::string_view tag = m_s.substr(m_i, j + 1 - m_i);
        std::size_t close = m_s.find(tag, j + 1);
        std::size_t end = close == std::string_view::npos ? m_s.size() : close + tag.size();
        for (; m_i < end; ++m_i) {
            m_line += m_s[m_i] == '\n' ? 1 : 0;
        }
        return true;
    }

    // The mysql client's "DELIMITER //" line: not sent to the server, it changes what ends a
    // statement (so that a procedure's body may hold ';').
    bool delimiter_command() {
        constexpr std::string_view k_word = "delimiter";
        if (!iequals(m_s.substr(m_i, k_word.size()), k_word) ||
            (at(m_i + k_word.size()) != ' ' && at(m_i + k_word.size()) != '\t')) {
            return false;
        }
        std::size_t j = m_i + k_word.size();
        while (at(j) == ' ' || at(j) == '\t') {
            ++j;
        }
        std::size_t end = j;
        while (end < m_s.size() && !is_blank(m_s[end])) {
            ++end;
        }
        if (end == j) {
            return false;
        }
        m_delimiter = std::string(m_s.substr(j, end - j));
        m_i = end;
        while (m_i < m_s.size() && m_s[m_i] != '\n') {
            ++m_i;
        }
        return true;
    }

    void begin() {
        if (m_start == std::string_view::npos) {
            m_start = m_i;
            m_start_line = m_line;
        }
    }

    void finish(std::size_t end) {
        if (m_start == std::string_view::npos) {
            return;
        }
        std::string_view text = m_s.substr(m_start, end - m_start);
        while (!text.empty() && is_blank(text.back())) {
            text.remove_suffix(1);
        }
        m_out.push_back(SqlStatement{std::string(text), m_start_line});
        m_start = std::string_view::npos;
    }

    std::string_view m_s;
    bool m_mysql;
    std::size_t m_i = 0;
    int m_line = 1;
    std::string m_delimiter = ";";
    std::size_t m_start = std::string_view::npos;  // where the current statement began, if it has
    int m_start_line = 1;
    std::vector<SqlStatement> m_out;
};

}  // namespace

std::vector<SqlStatement> split_sql(std::string_view script, SqlDialect dialect) {
    return Splitter(script, dialect).run();
}

}  // namespace dtx::init
