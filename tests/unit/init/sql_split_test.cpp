#include "init/sql_split.hpp"

#include <catch2/catch.hpp>

using dtx::init::split_sql;
using dtx::init::SqlDialect;
using dtx::init::SqlStatement;

namespace {

using Texts = std::vector<std::string>;

Texts texts(std::string_view script, SqlDialect dialect = SqlDialect::postgres) {
    Texts out;
    for (const auto& s : split_sql(script, dialect)) {
        out.push_back(s.text);
    }
    return out;
}

std::vector<int> lines(std::string_view script, SqlDialect dialect = SqlDialect::postgres) {
    std::vector<int> out;
    for (const auto& s : split_sql(script, dialect)) {
        out.push_back(s.line);
    }
    return out;
}

}  // namespace

TEST_CASE("semicolons separate statements and the last one needs none", "[util][sql]") {
    CHECK(texts("CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\nSELECT 1") ==
          Texts{"CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)", "SELECT 1"});
}

TEST_CASE("empty statements, blanks and comment-only statements are left out", "[util][sql]") {
    CHECK(texts(";;  ;\n\n-- nothing\n/* at all */ ;").empty());
    CHECK(texts("").empty());
    CHECK(texts("SELECT 1;;\n;SELECT 2;  -- done\n") == Texts{"SELECT 1", "SELECT 2"});
}

TEST_CASE("each statement knows the line of its first character that is not blank or comment", "[util][sql]") {
    std::string script =
        "-- schema\n"         // 1
        "\n"                  // 2
        "CREATE TABLE a (\n"  // 3
        "  x int\n"           // 4
        ");\n"                // 5
        "/* seed\n"           // 6
        "   data */\n"        // 7
        "   INSERT INTO a\n"  // 8
        "VALUES (1); SELECT 2;";
    CHECK(lines(script) == std::vector<int>{3, 8, 9});
    CHECK(texts(script)[1] == "INSERT INTO a\nVALUES (1)");
}

TEST_CASE("semicolons inside quotes do not end a statement", "[util][sql]") {
    CHECK(texts("INSERT INTO t VALUES ('a;b', \"c;d\"); SELECT 1") ==
          Texts{"INSERT INTO t VALUES ('a;b', \"c;d\")", "SELECT 1"});
}

TEST_CASE("a doubled quote stays inside its string", "[util][sql]") {
    CHECK(texts("SELECT 'it''s; fine'; SELECT \"a\"\";b\"") == Texts{"SELECT 'it''s; fine'", "SELECT \"a\"\";b\""});
    CHECK(texts("SELECT 'it''s; fine'; SELECT `a``;b`", SqlDialect::mysql) ==
          Texts{"SELECT 'it''s; fine'", "SELECT `a``;b`"});
}

TEST_CASE("mysql strings take backslash escapes, postgres standard strings do not", "[util][sql]") {
    CHECK(texts(R"(SELECT 'a\';b'; SELECT "c\";d"; SELECT 2)", SqlDialect::mysql) ==
          Texts{R"(SELECT 'a\';b')", R"(SELECT "c\";d")", "SELECT 2"});
    // In postgres '\' is an ordinary character, so the string ends at the second quote.
    CHECK(texts(R"(SELECT 'a\'; SELECT 2)") == Texts{R"(SELECT 'a\')", "SELECT 2"});
}

TEST_CASE("postgres E'' strings take backslash escapes", "[util][sql]") {
    CHECK(texts(R"(SELECT E'it\'s;'; SELECT e'\\'; SELECT 3)") ==
          Texts{R"(SELECT E'it\'s;')", R"(SELECT e'\\')", "SELECT 3"});
    // A name ending in e is not an E string prefix.
    CHECK(texts(R"(SELECT name'\'; SELECT 2)") == Texts{R"(SELECT name'\')", "SELECT 2"});
}

TEST_CASE("line comments hide semicolons and quotes until the end of the line", "[util][sql]") {
    CHECK(texts("SELECT 1 -- not the end; 'nor a quote\n+ 1; SELECT 2") ==
          Texts{"SELECT 1 -- not the end; 'nor a quote\n+ 1", "SELECT 2"});
}

TEST_CASE("block comments hide semicolons and nest in postgres", "[util][sql]") {
    CHECK(texts("SELECT /* a; /* nested; */ still; */ 1; SELECT 2") ==
          Texts{"SELECT /* a; /* nested; */ still; */ 1", "SELECT 2"});
    // MySQL comments do not nest: the first */ ends it.
    CHECK(texts("SELECT /* a; /* b */ 1; SELECT 2", SqlDialect::mysql) == Texts{"SELECT /* a; /* b */ 1", "SELECT 2"});
}

TEST_CASE("mysql reads # as a comment and -- only before a blank", "[util][sql]") {
    CHECK(texts("# setup; here\nSELECT 1; SELECT 5--1; -- bye;\nSELECT 2", SqlDialect::mysql) ==
          Texts{"SELECT 1", "SELECT 5--1", "SELECT 2"});
    // In postgres # is an operator and -- always a comment.
    CHECK(texts("SELECT 1 # 2; SELECT 5--1;\n3") == Texts{"SELECT 1 # 2", "SELECT 5--1;\n3"});
}

TEST_CASE("mysql's /*! */ version comments are statements of their own", "[util][sql]") {
    auto s = split_sql("/*!40101 SET NAMES utf8mb4 */;\n/* plain */;\nSELECT /*+ NO_ICP(t) */ 1;", SqlDialect::mysql);
    REQUIRE(s.size() == 2);
    CHECK(s[0].text == "/*!40101 SET NAMES utf8mb4 */");
    CHECK(s[1].text == "SELECT /*+ NO_ICP(t) */ 1");
    CHECK(s[1].line == 3);
}

TEST_CASE("postgres dollar quotes keep a function body with semicolons whole", "[util][sql]") {
    std::string fn =
        "CREATE FUNCTION f() RETURNS int AS $$\n"
        "BEGIN\n"
        "  RETURN 1; -- inside\n"
        "END;\n"
        "$$ LANGUAGE plpgsql";
    auto s = split_sql(fn + ";\nSELECT f();", SqlDialect::postgres);
    REQUIRE(s.size() == 2);
    CHECK(s[0].text == fn);
    CHECK(s[1].line == 6);
}

TEST_CASE("a tagged dollar quote ends only at the same tag", "[util][sql]") {
    CHECK(texts("DO $body$ BEGIN PERFORM $$;$$; END $body$; SELECT 2") ==
          Texts{"DO $body$ BEGIN PERFORM $$;$$; END $body$", "SELECT 2"});
}

TEST_CASE("a dollar sign that is not a quote is ordinary text", "[util][sql]") {
    // $1 is a parameter, and a '$' after a name's character belongs to the name.
    CHECK(texts("PREPARE p AS SELECT $1; SELECT a$b$; SELECT 3") ==
          Texts{"PREPARE p AS SELECT $1", "SELECT a$b$", "SELECT 3"});
    // MySQL has no dollar quoting.
    CHECK(texts("SELECT '$$'; SELECT $$; SELECT 2", SqlDialect::mysql) ==
          Texts{"SELECT '$$'", "SELECT $$", "SELECT 2"});
}

TEST_CASE("mysql's DELIMITER changes what ends a statement", "[util][sql]") {
    std::string script =
        "DELIMITER //\n"
        "CREATE PROCEDURE p()\n"
        "BEGIN\n"
        "  SELECT 1;\n"
        "END //\n"
        "delimiter ;\n"
        "CALL p();\n";
    auto s = split_sql(script, SqlDialect::mysql);
    REQUIRE(s.size() == 2);
    CHECK(s[0].text == "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND");
    CHECK(s[0].line == 2);
    CHECK(s[1].text == "CALL p()");
    CHECK(s[1].line == 7);
}

TEST_CASE("a newline inside a quote or comment still counts toward later lines", "[util][sql]") {
    CHECK(lines("SELECT 'a\nb';\nSELECT $$\n$$;\n/*\n*/ SELECT \"x\ny\"; SELECT 4") == std::vector<int>{1, 3, 6, 7});
    CHECK(lines("SELECT 'a\\\nb';\nSELECT `x\ny`; # c\nSELECT 3", SqlDialect::mysql) == std::vector<int>{1, 3, 5});
}

TEST_CASE("an unterminated quote or comment runs to the end for the server to reject", "[util][sql]") {
    CHECK(texts("SELECT 1; SELECT 'oops; SELECT 2") == Texts{"SELECT 1", "SELECT 'oops; SELECT 2"});
    CHECK(texts("SELECT 1; /* open; SELECT 2") == Texts{"SELECT 1"});
    CHECK(texts("SELECT $x$ never closed; SELECT 2") == Texts{"SELECT $x$ never closed; SELECT 2"});
}

TEST_CASE("a UTF-8 byte order mark and CRLF line ends are handled", "[util][sql]") {
    auto s = split_sql("\xEF\xBB\xBFSELECT 1;\r\n\r\nSELECT 2;\r\n", SqlDialect::postgres);
    REQUIRE(s.size() == 2);
    CHECK(s[0].text == "SELECT 1");
    CHECK(s[1].text == "SELECT 2");
    CHECK(s[1].line == 3);
}
