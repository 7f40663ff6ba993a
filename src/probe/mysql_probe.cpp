// The MySQL/MariaDB readiness probe; the connector's exceptions end in this file.
#include "probe/address_probes.hpp"
#include "probe/mysql_driver.hpp"

#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <fmt/format.h>
#include <mysql_connection.h>
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
            sql::ConnectOptionsMap options;
            options["hostName"] = sql::SQLString(fmt::format("tcp://{}:{}", m_address.host, m_address.port));
            options["userName"] = sql::SQLString(m_credentials.user);
            options["password"] = sql::SQLString(m_credentials.password);
            if (!m_credentials.database.empty()) {
                options["schema"] = sql::SQLString(m_credentials.database);
            }
            int timeout = static_cast<int>(std::max<long long>(1, k_attempt_timeout.count() / 1000));
            options["OPT_CONNECT_TIMEOUT"] = timeout;
            options["OPT_READ_TIMEOUT"] = timeout;
            std::unique_ptr<sql::Connection> conn(mysql_driver()->connect(options));
            std::unique_ptr<sql::Statement> stmt(conn->createStatement());
            std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT 1"));
            if (!rs->next()) {
                return ProbeResult::not_yet("SELECT 1 returned no row");
            }
            return ProbeResult::ready();
        } catch (const sql::SQLException& e) {
            return ProbeResult::not_yet(fmt::format("{} (error {})", e.what(), e.getErrorCode()));
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
