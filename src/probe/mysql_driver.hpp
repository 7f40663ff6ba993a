#pragma once
// The MySQL connector's driver, shared by every file that connects (the probe, x-dtx.init).

namespace sql {
class Driver;
}

namespace dtx::probe {

// get_driver_instance() is not safe to call for the first time from two threads: this calls it
// once, for the whole process.
sql::Driver* mysql_driver();

}  // namespace dtx::probe
