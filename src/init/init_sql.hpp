#pragma once
// The SQL side of x-dtx.init: a connection to a database service that runs one statement at a
// time (libpq for postgres, the MySQL connector for mysql), behind an interface so that the start
// can be tested without a server.

#include "env/connection_env.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace dtx::init {

struct SqlError {
    std::string message;        // the server's words
    int line_in_statement = 0;  // 1-based line of the statement the server pointed at; 0: not said
};

class SqlConnection {
public:
    virtual ~SqlConnection() = default;
    // Runs one statement (its results are read and dropped); the server's error if it failed.
    // A statement still running when `stop()` turns true is cancelled where the server allows.
    virtual std::optional<SqlError> execute(const std::string& statement, const std::function<bool()>& stop) = 0;
};

using SqlConnector = std::function<util::Result<std::unique_ptr<SqlConnection>>(const env::ServiceEndpoint&)>;

// A connection to the service's main published port with its credentials (its database, if it
// names one): libpq for postgres-kind endpoints, the MySQL connector for mysql-kind ones. Fails
// with Errc::unavailable and the client library's message, or Errc::invalid for another kind or
// an endpoint without a published main port.
util::Result<std::unique_ptr<SqlConnection>> connect_sql(const env::ServiceEndpoint& endpoint);

// One per client library, for connect_sql.
util::Result<std::unique_ptr<SqlConnection>> connect_postgres(const std::string& host, std::uint16_t port,
                                                              const kind::Credentials& credentials);
util::Result<std::unique_ptr<SqlConnection>> connect_mysql(const std::string& host, std::uint16_t port,
                                                           const kind::Credentials& credentials);

}  // namespace dtx::init
