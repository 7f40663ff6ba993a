// .dockerignore with docker's semantics: the reader (comments, trimming, cleaning), the glob
// (*, ?, classes, escapes, **), parent-directory matching, exceptions where the last line wins,
// the directory walk hint, and malformed patterns.
#include "images/dockerignore.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using dtx::images::Dockerignore;
using dtx::util::Errc;

namespace {

Dockerignore parsed(const std::string& text) {
    auto ignore = Dockerignore::parse(text);
    REQUIRE(ignore.ok());
    return std::move(*ignore);
}

// The paths of `paths` that `text` leaves out.
std::vector<std::string> excluded(const std::string& text, const std::vector<std::string>& paths) {
    auto ignore = parsed(text);
    std::vector<std::string> out;
    for (const auto& p : paths) {
        if (ignore.excluded(p)) {
            out.push_back(p);
        }
    }
    return out;
}

using Paths = std::vector<std::string>;

}  // namespace

TEST_CASE("an empty file or one of comments and blank lines excludes nothing", "[util][images]") {
    CHECK(parsed("").empty());
    CHECK(parsed("# all of it\n\n   \n\t\n#*\n").empty());
    CHECK_FALSE(parsed("#*\n").excluded("anything"));
}

TEST_CASE("a '#' starts a comment only as the first character of a line", "[util][images]") {
    CHECK(excluded(" #notes\n", {"#notes", "notes"}) == Paths{"#notes"});
}

TEST_CASE("patterns are trimmed, CRLF line ends and a first-line BOM are dropped", "[util][images]") {
    CHECK(excluded("\xEF\xBB\xBFsecret.txt  \r\n\t.env\r\n", {"secret.txt", ".env", "other"}) ==
          Paths{"secret.txt", ".env"});
}

TEST_CASE("a leading slash or ./ is ignored and patterns are cleaned like Go's filepath.Clean", "[util][images]") {
    CHECK(excluded("/a\n./b\nc//d/\ne/../f\n./g/./h\n", {"a", "b", "c/d", "f", "e", "g/h"}) ==
          Paths{"a", "b", "c/d", "f", "g/h"});
    auto ignore = parsed("/a\n./b\nc//d/\ne/../f\n");
    REQUIRE(ignore.patterns().size() == 4);
    CHECK(ignore.patterns()[2].text == "c/d");
    CHECK(ignore.patterns()[3].text == "f");
}

TEST_CASE("a plain pattern is rooted at the context: it does not match deeper names", "[util][images]") {
    CHECK(excluded("build\n", {"build", "src/build", "builds", "build/out.o"}) == Paths{"build", "build/out.o"});
}

TEST_CASE("a pattern that matches a directory excludes everything under it", "[util][images]") {
    CHECK(excluded("node_modules\n", {"node_modules/a/b/c.js", "node_modules", "src/node_modules/x"}) ==
          Paths{"node_modules/a/b/c.js", "node_modules"});
}

TEST_CASE("'*' matches within one path element only", "[util][images]") {
    CHECK(excluded("*.log\n", {"a.log", "dir/a.log", ".log"}) == Paths{"a.log", ".log"});
    CHECK(excluded("*/*.log\n", {"a.log", "dir/a.log", "d/e/a.log"}) == Paths{"dir/a.log"});
    CHECK(excluded("src/*\n", {"src", "src/a", "src/a/b"}) == Paths{"src/a", "src/a/b"});
}

TEST_CASE("'?' matches one character but not a slash, and counts UTF-8 characters", "[util][images]") {
    CHECK(excluded("file?.txt\n", {"file1.txt", "file10.txt", "file.txt", "file/.txt"}) == Paths{"file1.txt"});
    CHECK(excluded("?.txt\n", {"é.txt", "ab.txt"}) == Paths{"é.txt"});
}

TEST_CASE("character classes take sets, ranges, negation and escapes", "[util][images]") {
    CHECK(excluded("[abc].txt\n", {"a.txt", "c.txt", "d.txt"}) == Paths{"a.txt", "c.txt"});
    CHECK(excluded("v[0-9]\n", {"v1", "v9", "va", "v10"}) == Paths{"v1", "v9"});
    CHECK(excluded("[^a]x\n", {"ax", "bx", "xx"}) == Paths{"bx", "xx"});
    CHECK(excluded("[\\]]\n", {"]", "\\"}) == Paths{"]"});
    CHECK(excluded("[é]\n", {"é", "e"}) == Paths{"é"});
}

TEST_CASE("a backslash makes the next character literal, and regex characters are plain", "[util][images]") {
    CHECK(excluded("\\*.txt\n", {"*.txt", "a.txt"}) == Paths{"*.txt"});
    CHECK(excluded("a+b.(c)|{d}$\n", {"a+b.(c)|{d}$", "aab.(c)|{d}$", "a+bx(c)|{d}$"}) == Paths{"a+b.(c)|{d}$"});
}

TEST_CASE("'**/' matches any number of directories, none included", "[util][images]") {
    CHECK(excluded("**/*.pyc\n", {"a.pyc", "x/a.pyc", "x/y/z/a.pyc", "a.py"}) ==
          Paths{"a.pyc", "x/a.pyc", "x/y/z/a.pyc"});
    CHECK(excluded("a/**/b\n", {"a/b", "a/x/b", "a/x/y/b", "a/xb", "b"}) == Paths{"a/b", "a/x/b", "a/x/y/b"});
    CHECK(excluded("**/cache\n", {"cache", "a/cache", "a/cache/file", "acache"}) ==
          Paths{"cache", "a/cache", "a/cache/file"});
}

TEST_CASE("a trailing '**' matches everything below, and '**' alone everything", "[util][images]") {
    CHECK(excluded("dir/**\n", {"dir/x", "dir/a/b", "dir", "dirx"}) == Paths{"dir/x", "dir/a/b"});
    CHECK(excluded("**\n", {"a", "b/c", ".dockerignore"}) == Paths{"a", "b/c", ".dockerignore"});
}

TEST_CASE("'**' followed by plain text is an ends-with test, as in docker", "[util][images]") {
    CHECK(excluded("**foo\n", {"foo", "xfoo", "a/xfoo", "foox"}) == Paths{"foo", "xfoo", "a/xfoo"});
}

TEST_CASE("'!' brings back what earlier patterns excluded", "[util][images]") {
    CHECK(excluded("*.md\n!README.md\n", {"README.md", "CHANGES.md", "main.c"}) == Paths{"CHANGES.md"});
    CHECK(excluded("*\n!src\n", {"src/main.c", "src", "docs/a"}) == Paths{"docs/a"});
    CHECK(excluded("! keep\nkeep\n", {"keep"}) == Paths{"keep"});  // blanks after '!' are trimmed too
}

TEST_CASE("the last matching line wins", "[util][images]") {
    CHECK(excluded("!README.md\n*.md\n", {"README.md"}) == Paths{"README.md"});
    CHECK(excluded("*.md\n!README.md\nREADME.md\n", {"README.md"}) == Paths{"README.md"});
    CHECK(excluded("docs\n!docs/keep.md\n", {"docs/keep.md", "docs/other.md", "docs"}) ==
          Paths{"docs/other.md", "docs"});
}

TEST_CASE("an excluded directory is walked only when an exception names something under it", "[util][images]") {
    auto ignore = parsed("docs\nlogs\n!docs/keep/a.md\n!**/b.md\n");
    CHECK(ignore.exception_under("docs"));
    CHECK(ignore.exception_under("docs/keep"));
    CHECK_FALSE(ignore.exception_under("doc"));
    CHECK_FALSE(ignore.exception_under("logs"));  // "!**/b.md" has no literal "logs/" prefix
    CHECK_FALSE(ignore.excluded("docs/keep/a.md"));
    CHECK(ignore.excluded("docs/keep/c.md"));
}

TEST_CASE("keep adds an exception only for a path that is excluded", "[util][images]") {
    auto ignore = parsed("*\n");
    ignore.keep("Dockerfile");
    ignore.keep("docker/Dockerfile.test");
    CHECK_FALSE(ignore.excluded("Dockerfile"));
    CHECK_FALSE(ignore.excluded("docker/Dockerfile.test"));
    CHECK(ignore.exception_under("docker"));
    CHECK(ignore.excluded("docker/other"));
    CHECK(ignore.excluded("src"));

    auto some = parsed("*.log\n");
    some.keep("Dockerfile");
    CHECK(some.patterns().size() == 1);
}

TEST_CASE("a kept name with glob characters is matched as written", "[util][images]") {
    auto ignore = parsed("*\n");
    ignore.keep("odd[name");
    CHECK_FALSE(ignore.excluded("odd[name"));
    CHECK(ignore.excluded("oddxname"));
}

TEST_CASE("patterns that cannot name anything in the context match nothing", "[util][images]") {
    CHECK(excluded("/\n.\n../x\n", {"x", "a", "b/c"}).empty());
}

TEST_CASE("a malformed pattern is an error naming its line", "[util][images]") {
    struct Case {
        const char* text;
        const char* message;
    };
    for (const Case& c : {
             Case{"ok\n[abc\n", "line 2: bad pattern \"[abc\": '[' is not closed"},
             Case{"a\\", "line 1: bad pattern \"a\\\": a trailing '\\' escapes nothing"},
             Case{"#\n\n!\n", "line 3: \"!\": '!' needs a pattern after it"},
             Case{"!/\n", "line 1: \"!/\": '!' needs a pattern after it"},
             Case{"[]x]\n",
                  "line 1: bad pattern \"[]x]\": a '[' class is empty or has a bad range ('-' and ']' "
                  "need a '\\' there)"},
             Case{"[a-]\n", "line 1: bad pattern \"[a-]\": a range in '[' has no end"},
         }) {
        auto ignore = Dockerignore::parse(c.text);
        INFO(c.text);
        REQUIRE_FALSE(ignore.ok());
        CHECK(ignore.error().code == Errc::invalid);
        CHECK(ignore.error().message == c.message);
    }
}
