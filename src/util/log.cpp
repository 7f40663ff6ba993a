#include "util/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace dtx::util {

void setup_logging(int verbosity) {
    auto logger = spdlog::stderr_logger_mt("dtx");
    // Debug output gets timestamps: it is read to see where the milliseconds go.
    logger->set_pattern(verbosity > 0 ? "dtx: %H:%M:%S.%e %^%l%$: %v" : "dtx: %^%l%$: %v");
    spdlog::level::level_enum level = spdlog::level::warn;
    if (verbosity == 1) {
        level = spdlog::level::debug;
    } else if (verbosity >= 2) {
        level = spdlog::level::trace;
    }
    logger->set_level(level);
    spdlog::set_default_logger(logger);
}

}  // namespace dtx::util
