// x-dtx.init's MySQL/MariaDB client: the MySQL connector (cppconn), one statement at a time. Its
// exceptions end in this file.
#include "init/init_sql.hpp"

#include "clients/mysql.hpp"

#include <fmt/format.h>
#include <memory>
#include <regex>

namespace dtx::init {

namespace {

constexpr int k_connect_timeout_s = 10;
constexpr int k_parse_error = 1064;  // ER_PARSE_ERROR: "… near '…' at line N"

// A syntax error says where in the statement: "… near 'FROM' at line 2".
int line_of(const sql::SQLException& e) {
    static const std::regex k_at_line(R"(at line ([0-9]+)\s*$)");
    std::string what = e.what();
    std::smatch sm;
    if (e.getErrorCode() != k_parse_error || !std::regex_search(what, sm, k_at_line)) {
        return 0;
    }
    return std::stoi(sm[1].str());
}

class MysqlConnection final : public SqlConnection {
public:
    explicit MysqlConnection(sql::Connection* conn) : m_conn(conn) {}

    // The connector has no way to cancel a statement from the thread that waits for it: a long
    // statement is waited for, and `stop` is honoured between statements by the caller.
    std::optional<SqlError> execute(const std::string& statement, const std::function<bool()>& /*stop*/) override {
        try {
            std::unique_ptr<sql::Statement> stmt(m_conn->createStatement());
            bool results = stmt->execute(statement);
            // Every result must be read before the next statement (a CALL may return several).
            while (results) {
                std::unique_ptr<sql::ResultSet> dropped(stmt->getResultSet());
                results = stmt->getMoreResults();
            }
            return std::nullopt;
        } catch (const sql::SQLException& e) {
            return SqlError{fmt::format("ERROR {} ({}): {}", e.getErrorCode(), e.getSQLState(), e.what()), line_of(e)};
        } catch (const std::exception& e) {
            return SqlError{e.what(), 0};
        }
    }

private:
    std::unique_ptr<sql::Connection> m_conn;
};

}  // namespace

util::Result<std::unique_ptr<SqlConnection>> connect_mysql(const std::string& host, std::uint16_t port,
                                                           const kind::Credentials& credentials) {
    try {
        auto conn = clients::mysql_connect(clients::MysqlTarget{host, port, credentials, k_connect_timeout_s, 0, true});
        return std::unique_ptr<SqlConnection>(std::make_unique<MysqlConnection>(conn.release()));
    } catch (const sql::SQLException& e) {
        return util::fail(util::Errc::unavailable, clients::mysql_message(e));
    } catch (const std::exception& e) {
        return util::fail(util::Errc::unavailable, e.what());
    }
}

}  // namespace dtx::init
