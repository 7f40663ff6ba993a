// The MySQL/MariaDB readiness probe; the connector's exceptions end in this file.
#include "probe/address_probes.hpp"

#include "clients/mysql.hpp"

#include <algorithm>
#include <memory>

namespace dtx::probe {

namespace {

class MysqlProbe final : public Probe {
public:
    MysqlProbe(Address address, kind::Credentials credentials)
        : m_address(std::move(address)), m_credentials(std::move(credentials)) {}

    std::string name() const override { return "mysql"; }

    ProbeResult check() override {
        try {
            int timeout = static_cast<int>(std::max<long long>(1, k_attempt_timeout.count() / 1000));
            auto conn = clients::mysql_connect(
                clients::MysqlTarget{m_address.host, m_address.port, m_credentials, timeout, timeout, false});
            std::unique_ptr<sql::Statement> stmt(conn->createStatement());
            std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT 1"));
            if (!rs->next()) {
                return ProbeResult::not_yet("SELECT 1 returned no row");
            }
            return ProbeResult::ready();
        } catch (const sql::SQLException& e) {
            return ProbeResult::not_yet(clients::mysql_message(e));
        } catch (const std::exception& e) {
            return ProbeResult::not_yet(e.what());
        }
    }

private:
    Address m_address;
    kind::Credentials m_credentials;
};

}  // namespace

std::unique_ptr<Probe> mysql_probe(Address address, kind::Credentials credentials) {
    return std::make_unique<MysqlProbe>(std::move(address), std::move(credentials));
}

}  // namespace dtx::probe
