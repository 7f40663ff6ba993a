#include "probe/address_probes.hpp"

#include <libpq-fe.h>
#include <array>
#include <memory>
#include <string>

namespace dtx::probe {

namespace {

struct PgConnCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultCloser {
    void operator()(PGresult* r) const { PQclear(r); }
};

std::string first_line(const char* text) {
    std::string s = text != nullptr ? text : "";
    auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

class PostgresProbe final : public Probe {
public:
    PostgresProbe(Address address, kind::Credentials credentials)
        : m_address(std::move(address)),
          m_credentials(std::move(credentials)),
          m_port(std::to_string(m_address.port)) {}

    std::string name() const override { return "postgres"; }

    ProbeResult check() override {
        const std::string timeout = std::to_string(std::max<long long>(2, k_attempt_timeout.count() / 1000));
        std::array<const char*, 9> keys = {
            "host", "port", "user", "password", "dbname", "sslmode", "connect_timeout", "application_name", nullptr};
        std::array<const char*, 9> values = {m_address.host.c_str(),
                                             m_port.c_str(),
                                             m_credentials.user.c_str(),
                                             m_credentials.password.c_str(),
                                             m_credentials.database.c_str(),
                                             "disable",
                                             timeout.c_str(),
                                             "dtx-probe",
                                             nullptr};
        std::unique_ptr<PGconn, PgConnCloser> conn(PQconnectdbParams(keys.data(), values.data(), 0));
        if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
            return ProbeResult::not_yet(first_line(conn ? PQerrorMessage(conn.get()) : "out of memory"));
        }
        std::unique_ptr<PGresult, PgResultCloser> result(PQexec(conn.get(), "SELECT 1"));
        if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
            return ProbeResult::not_yet(first_line(PQerrorMessage(conn.get())));
        }
        return ProbeResult::ready();
    }

private:
    Address m_address;
    kind::Credentials m_credentials;
    std::string m_port;
};

}  // namespace

std::unique_ptr<Probe> postgres_probe(Address address, kind::Credentials credentials) {
    return std::make_unique<PostgresProbe>(std::move(address), std::move(credentials));
}

}  // namespace dtx::probe
