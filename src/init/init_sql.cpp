#include "init/init_sql.hpp"

#include <fmt/format.h>

namespace dtx::init {

util::Result<std::unique_ptr<SqlConnection>> connect_sql(const env::ServiceEndpoint& endpoint) {
    if (endpoint.kind != kind::Kind::postgres && endpoint.kind != kind::Kind::mysql) {
        return util::fail(util::Errc::invalid, fmt::format("x-dtx.init SQL needs a postgres or mysql service, and "
                                                           "{} is {}",
                                                           endpoint.service, kind::kind_name(endpoint.kind)));
    }
    auto port = endpoint.main_port ? endpoint.tcp_ports.find(*endpoint.main_port) : endpoint.tcp_ports.end();
    if (port == endpoint.tcp_ports.end()) {
        return util::fail(util::Errc::invalid, fmt::format("{} has no published {} port to connect to",
                                                           endpoint.service, kind::kind_name(endpoint.kind)));
    }
    return endpoint.kind == kind::Kind::postgres ? connect_postgres(endpoint.host, port->second, endpoint.credentials)
                                                 : connect_mysql(endpoint.host, port->second, endpoint.credentials);
}

}  // namespace dtx::init
