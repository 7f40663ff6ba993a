// x-dtx.init's PostgreSQL client: libpq, one statement at a time, each sent asynchronously so that
// an interrupted dtx can cancel a long one instead of waiting for it.
#include "init/init_sql.hpp"

#include "clients/postgres.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <array>
#include <cstdlib>
#include <string>

namespace dtx::init {

namespace {

constexpr int k_poll_ms = 50;

// "ERROR: relation "users" does not exist; HINT: …": the fields psql shows, on one line.
std::string message_of(const PGresult* r) {
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    if (primary == nullptr) {
        return clients::pg_trimmed(PQresultErrorMessage(r));
    }
    const char* severity = PQresultErrorField(r, PG_DIAG_SEVERITY);
    std::string out = fmt::format("{}: {}", severity != nullptr ? severity : "ERROR", primary);
    if (const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL)) {
        out += fmt::format("; DETAIL: {}", clients::pg_trimmed(detail));
    }
    if (const char* hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT)) {
        out += fmt::format("; HINT: {}", clients::pg_trimmed(hint));
    }
    return out;
}

// The server's error position is a 1-based count of characters (not bytes) into the statement.
int line_at(const std::string& statement, const char* position) {
    if (position == nullptr) {
        return 0;
    }
    long chars = std::strtol(position, nullptr, 10);
    int line = 1;
    for (std::size_t i = 0; i < statement.size() && chars > 1; ++i) {
        auto byte = static_cast<unsigned char>(statement[i]);
        if ((byte & 0xC0) == 0x80) {
            continue;  // a UTF-8 continuation byte: same character
        }
        --chars;
        line += statement[i] == '\n' ? 1 : 0;
    }
    return line;
}

class PostgresConnection final : public SqlConnection {
public:
    explicit PostgresConnection(PGconn* conn) : m_conn(conn) {}

    std::optional<SqlError> execute(const std::string& statement, const std::function<bool()>& stop) override {
        PGconn* c = m_conn.get();
        if (PQsendQuery(c, statement.c_str()) == 0) {
            return SqlError{clients::pg_trimmed(PQerrorMessage(c)), 0};
        }
        bool cancelled = false;
        while (PQisBusy(c) != 0) {
            if (!cancelled && stop && stop()) {
                cancel();
                cancelled = true;
            }
            pollfd fd{PQsocket(c), POLLIN, 0};
            poll(&fd, 1, k_poll_ms);
            if (PQconsumeInput(c) == 0) {
                return SqlError{clients::pg_trimmed(PQerrorMessage(c)), 0};
            }
        }
        std::optional<SqlError> error;
        while (clients::PgResult r{PQgetResult(c)}) {
            auto status = PQresultStatus(r.get());
            if (status == PGRES_COPY_IN) {
                // COPY … FROM stdin reads data that follows in psql's script, not SQL.
                PQputCopyEnd(c, "x-dtx.init does not support COPY FROM STDIN; dump with INSERTs, or run psql");
            } else if ((status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) && !error) {
                error = SqlError{message_of(r.get()),
                                 line_at(statement, PQresultErrorField(r.get(), PG_DIAG_STATEMENT_POSITION))};
            }
        }
        return error;
    }

private:
    void cancel() {
        if (PGcancel* token = PQgetCancel(m_conn.get())) {
            std::array<char, 256> why{};
            PQcancel(token, why.data(), static_cast<int>(why.size()));
            PQfreeCancel(token);
        }
    }

    clients::PgConn m_conn;
};

void ignore_notice(void* /*arg*/, const char* /*message*/) {
    // NOTICEs ("table exists, skipping") would go to stderr by libpq's default, between dtx's lines.
}

}  // namespace

util::Result<std::unique_ptr<SqlConnection>> connect_postgres(const std::string& host, std::uint16_t port,
                                                              const kind::Credentials& credentials) {
    auto conn = clients::pg_connect(clients::PgTarget{host, port, credentials, "dtx-init", 10, true});
    if (!conn) {
        return conn.error();
    }
    PQsetNoticeProcessor(conn->get(), ignore_notice, nullptr);
    return std::unique_ptr<SqlConnection>(std::make_unique<PostgresConnection>(conn->release()));
}

}  // namespace dtx::init
