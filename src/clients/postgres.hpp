#pragma once
// libpq for the files that connect to PostgreSQL (probe/postgres_probe, init/init_sql_postgres):
// RAII for its handles and the one way dtx connects.

#include "kind/kind.hpp"
#include "util/result.hpp"

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>

namespace dtx::clients {

struct PgConnCloser {
    void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct PgResultCloser {
    void operator()(PGresult* result) const { PQclear(result); }
};
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;
using PgResult = std::unique_ptr<PGresult, PgResultCloser>;

struct PgTarget {
    std::string host;
    std::uint16_t port = 0;
    kind::Credentials credentials;
    std::string application_name;  // shown in pg_stat_activity: dtx-probe, dtx-init
    int connect_timeout_s = 10;
    bool utf8 = false;  // client_encoding UTF8 (SQL files are UTF-8)
};

// A connection without TLS (the server is a local test container), or Errc::unavailable with
// libpq's message, trailing newlines cut ("connection to server at ... failed: Connection refused\n
// Is the server running ...").
util::Result<PgConn> pg_connect(const PgTarget& target);

// The first line of a libpq message; "" for null.
std::string pg_first_line(const std::string& message);

// A libpq message without its trailing newlines and spaces; "" for null.
std::string pg_trimmed(const char* message);

}  // namespace dtx::clients
