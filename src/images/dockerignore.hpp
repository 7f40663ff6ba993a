#pragma once
// .dockerignore: which paths of a build context are not sent to the engine, with Docker's own
// semantics (moby/patternmatcher and its ignorefile reader, as the docker CLI applies them):
//   - one pattern a line; a line whose first character is '#' is a comment; surrounding blanks are
//     trimmed; a UTF-8 BOM on the first line is dropped;
//   - a pattern is cleaned like Go's filepath.Clean ("./a//b/" is "a/b", "a/../b" is "b") and a
//     leading '/' is dropped: every pattern is relative to the context root;
//   - '*' is any run of characters but '/', '?' one character but '/', "[a-z]" / "[^a-z]" a class,
//     '\' escapes the next character, "**" any number of whole directories (also none), and a
//     pattern beginning with "**" followed only by plain characters matches any path ending so;
//   - a pattern matches a path when it matches the path itself or one of its parent directories;
//   - '!' makes an exception that brings matched paths back; the last pattern that matches decides.

#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dtx::images {

// One instruction of a compiled pattern.
struct IgnoreToken {
    enum class Op {
        literal,     // `text`
        any_run,     // '*': any characters but '/'
        any_one,     // '?': one character but '/'
        char_class,  // [..]: one character in (or, negated, outside) `ranges`
        dirs,        // "**" before more pattern: nothing, or anything that ends in '/'
        rest,        // "**" at the end: anything
    };
    Op op = Op::literal;
    std::string text;
    std::vector<char32_t> ranges;  // lo, hi, lo, hi, … (code points)
    bool negated = false;
};

// One cleaned pattern of a .dockerignore.
struct IgnorePattern {
    std::string text;  // cleaned, without the '!'
    bool exception = false;
    bool suffix = false;              // "**" then plain text: ends-with semantics, as docker's
    std::vector<IgnoreToken> tokens;  // the compiled glob, when not `suffix`

    // Whether the pattern matches `path` itself (parents are the caller's business).
    bool matches(std::string_view path) const;
};

class Dockerignore {
public:
    // Parses the text of a .dockerignore. Fails with Errc::invalid naming the (1-based) line when a
    // pattern is malformed: a lone '!', an unclosed or empty '[' class, a bad range, a trailing '\'.
    static util::Result<Dockerignore> parse(std::string_view text);

    // Makes sure `path` is sent even if a pattern excludes it (an exception added last), as docker
    // does for the Dockerfile and the .dockerignore itself.
    void keep(std::string_view path);

    // Whether `path` (relative to the context root, '/'-separated, no "./") is left out.
    bool excluded(std::string_view path) const;

    // For an excluded directory: whether an exception may bring back something under it, in which
    // case docker still walks the directory (without sending the directory entry itself). Like
    // docker this only looks at exceptions written with the directory as a literal prefix
    // ("!logs/keep.txt" for "logs"): "!**/keep.txt" does not reopen an excluded directory.
    bool exception_under(std::string_view directory) const;

    bool empty() const { return m_patterns.empty(); }
    const std::vector<IgnorePattern>& patterns() const { return m_patterns; }

private:
    std::vector<IgnorePattern> m_patterns;
};

}  // namespace dtx::images
