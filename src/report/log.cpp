#include "report/log.hpp"

#include "secrets/secrets.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <mutex>

namespace dtx::report {

namespace {

// Masks the whole formatted line, not just the message: a secret may be in any argument.
class MaskingSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit MaskingSink(std::FILE* out) : m_out(out) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(msg, formatted);
        std::string text = secrets::masked(std::string_view(formatted.data(), formatted.size()));
        std::fwrite(text.data(), 1, text.size(), m_out);
        std::fflush(m_out);
    }
    void flush_() override { std::fflush(m_out); }

private:
    std::FILE* m_out;
};

}  // namespace

void setup_logging(int verbosity, std::FILE* out) {
    auto logger = std::make_shared<spdlog::logger>("dtx", std::make_shared<MaskingSink>(out));
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

}  // namespace dtx::report
