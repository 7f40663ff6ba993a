#include "probe/mysql_driver.hpp"

#include <cppconn/driver.h>
#include <mutex>

namespace dtx::probe {

sql::Driver* mysql_driver() {
    static std::once_flag once;
    static sql::Driver* instance = nullptr;
    std::call_once(once, [] { instance = get_driver_instance(); });
    return instance;
}

}  // namespace dtx::probe
