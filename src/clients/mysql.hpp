#pragma once
// The MySQL connector (cppconn, 1.1) for the files that connect to MySQL/MariaDB
// (probe/mysql_probe, init/init_sql_mysql): the one way dtx connects, and the connector's headers.
// Its calls throw sql::SQLException; each user converts them in its own file.

#include "kind/kind.hpp"

#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>

#include <cstdint>
#include <memory>
#include <string>

namespace dtx::clients {

struct MysqlTarget {
    std::string host;
    std::uint16_t port = 0;
    kind::Credentials credentials;  // an empty database: none selected
    int connect_timeout_s = 10;
    int read_timeout_s = 0;  // 0: the connector's default
    bool utf8 = false;       // the utf8mb4 character set (SQL files are UTF-8; older servers default to latin1)
};

// A connection over TCP. Throws sql::SQLException (or std::exception) when it cannot be had.
std::unique_ptr<sql::Connection> mysql_connect(const MysqlTarget& target);

// "Access denied for user 'app' (error 1045)": what a connector exception says, with its code.
std::string mysql_message(const sql::SQLException& e);

}  // namespace dtx::clients
