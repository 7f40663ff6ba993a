#include "engine/engine_time.hpp"

#include <chrono>
#include <cstdio>

namespace dtx::engine {

std::optional<util::WallTime> parse_engine_time(const std::string& text) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int used = 0;
    if (std::sscanf(text.c_str(), "%4d-%2u-%2uT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second, &used) !=
            6 ||
        year <= 1) {
        return std::nullopt;
    }
    std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    auto pos = static_cast<size_t>(used);
    std::chrono::nanoseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        long long scale = 100'000'000;
        for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10) {
            fraction += std::chrono::nanoseconds((text[pos] - '0') * scale);
        }
    }
    std::chrono::minutes offset{0};
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        int oh = 0;
        int om = 0;
        if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) {
            return std::nullopt;
        }
        offset = std::chrono::minutes((text[pos] == '+' ? 1 : -1) * (oh * 60 + om));
    } else if (pos >= text.size() || text[pos] != 'Z') {
        return std::nullopt;
    }
    auto local = std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                 std::chrono::seconds(second) + fraction;
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(local - offset);
}

}  // namespace dtx::engine
