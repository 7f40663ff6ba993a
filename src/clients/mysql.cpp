#include "clients/mysql.hpp"

#include <fmt/format.h>

#include <mutex>

namespace dtx::clients {

namespace {

// get_driver_instance() is not safe to call for the first time from two threads (a probe and an
// init step may connect at once): it is called once, for the whole process.
sql::Driver* driver() {
    static std::once_flag once;
    static sql::Driver* instance = nullptr;
    std::call_once(once, [] { instance = get_driver_instance(); });
    return instance;
}

}  // namespace

std::unique_ptr<sql::Connection> mysql_connect(const MysqlTarget& target) {
    sql::ConnectOptionsMap options;
    options["hostName"] = sql::SQLString(fmt::format("tcp://{}:{}", target.host, target.port));
    options["userName"] = sql::SQLString(target.credentials.user);
    options["password"] = sql::SQLString(target.credentials.password);
    if (!target.credentials.database.empty()) {
        options["schema"] = sql::SQLString(target.credentials.database);
    }
    options["OPT_CONNECT_TIMEOUT"] = target.connect_timeout_s;
    if (target.read_timeout_s > 0) {
        options["OPT_READ_TIMEOUT"] = target.read_timeout_s;
    }
    if (target.utf8) {
        options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    }
    return std::unique_ptr<sql::Connection>(driver()->connect(options));
}

std::string mysql_message(const sql::SQLException& e) {
    return fmt::format("{} (error {})", e.what(), e.getErrorCode());
}

}  // namespace dtx::clients
