#pragma once
// Splitting an SQL script into statements the way psql and the mysql client do, so that each
// statement can be sent on its own and a server error can be traced to its line in the file.

#include <string>
#include <string_view>
#include <vector>

namespace dtx::init {

// PostgreSQL: '…' (and E'…' with backslash escapes), "…", $$…$$ and $tag$…$tag$ bodies, nested
// /* */ comments, `--` comments. MySQL/MariaDB: '…' and "…" with backslash escapes, `…`, # and
// `-- ` comments, /* */ comments (/*! … */ and /*+ … */ are statements' content, not comments),
// and the client's DELIMITER command. In both, a quote is closed early by its doubled form ('').
enum class SqlDialect { postgres, mysql };

struct SqlStatement {
    std::string text;  // from its first character that is not blank or a comment, without the delimiter
    int line = 1;      // 1-based line of that first character in the script
};

// The statements of `script` in order; statements with nothing but blanks and comments are left
// out. Never fails: an unterminated quote or comment runs to the end of the script, and the
// server is left to say what is wrong with it.
std::vector<SqlStatement> split_sql(std::string_view script, SqlDialect dialect);

}  // namespace dtx::init
