#include "probe/address_probes.hpp"

#include "clients/postgres.hpp"

#include <algorithm>
#include <memory>
#include <string>

namespace dtx::probe {

namespace {

class PostgresProbe final : public Probe {
public:
    PostgresProbe(Address address, kind::Credentials credentials)
        : m_address(std::move(address)), m_credentials(std::move(credentials)) {}

    std::string name() const override { return "postgres"; }

    ProbeResult check() override {
        clients::PgTarget target{m_address.host, m_address.port, m_credentials, "dtx-probe",
                                 static_cast<int>(std::max<long long>(2, k_attempt_timeout.count() / 1000))};
        auto conn = clients::pg_connect(target);
        if (!conn) {
            return ProbeResult::not_yet(clients::pg_first_line(conn.error().message));
        }
        clients::PgResult result(PQexec(conn->get(), "SELECT 1"));
        if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
            return ProbeResult::not_yet(clients::pg_first_line(clients::pg_trimmed(PQerrorMessage(conn->get()))));
        }
        return ProbeResult::ready();
    }

private:
    Address m_address;
    kind::Credentials m_credentials;
};

}  // namespace

std::unique_ptr<Probe> postgres_probe(Address address, kind::Credentials credentials) {
    return std::make_unique<PostgresProbe>(std::move(address), std::move(credentials));
}

}  // namespace dtx::probe
