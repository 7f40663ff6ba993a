#include "clients/postgres.hpp"

#include <array>

namespace dtx::clients {

std::string pg_first_line(const std::string& message) {
    return message.substr(0, message.find('\n'));
}

std::string pg_trimmed(const char* message) {
    std::string s = message != nullptr ? message : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

util::Result<PgConn> pg_connect(const PgTarget& target) {
    const std::string port = std::to_string(target.port);
    const std::string timeout = std::to_string(target.connect_timeout_s);
    std::array<const char*, 10> keys = {
        "host",  "port", "user", "password", "dbname", "sslmode", "connect_timeout", "application_name",
        nullptr, nullptr};
    std::array<const char*, 10> values = {target.host.c_str(),
                                          port.c_str(),
                                          target.credentials.user.c_str(),
                                          target.credentials.password.c_str(),
                                          target.credentials.database.c_str(),
                                          "disable",
                                          timeout.c_str(),
                                          target.application_name.c_str(),
                                          nullptr,
                                          nullptr};
    if (target.utf8) {
        keys[8] = "client_encoding";
        values[8] = "UTF8";
    }
    PgConn conn(PQconnectdbParams(keys.data(), values.data(), 0));
    if (!conn) {
        return util::fail(util::Errc::unavailable, "out of memory");
    }
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        return util::fail(util::Errc::unavailable, pg_trimmed(PQerrorMessage(conn.get())));
    }
    return conn;
}

}  // namespace dtx::clients
