#include "util/duration.hpp"

#include <fmt/format.h>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

namespace dtx::util {

namespace {

// Milliseconds per unit; 0 for an unknown unit.
double unit_ms(std::string_view unit) {
    static constexpr std::pair<std::string_view, double> k_units[] = {
        {"h", 3'600'000.0}, {"m", 60'000.0}, {"s", 1'000.0}, {"ms", 1.0}, {"us", 0.001}, {"µs", 0.001}, {"ns", 1e-6}};
    for (const auto& [name, ms] : k_units) {
        if (unit == name) {
            return ms;
        }
    }
    return 0.0;
}

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
    auto bad = [&] {
        return fail(Errc::invalid, fmt::format("\"{}\" is not a duration; write e.g. 90s, 1m30s, 500ms or 2h", text));
    };
    if (text.empty()) {
        return bad();
    }
    double total = 0;
    size_t i = 0;
    bool bare = true;
    while (i < text.size()) {
        size_t start = i;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) != 0 || text[i] == '.')) {
            ++i;
        }
        std::string_view digits = text.substr(start, i - start);
        if (digits.find_first_of("0123456789") == std::string_view::npos || digits.find('.') != digits.rfind('.')) {
            return bad();
        }
        double number = std::strtod(std::string(text.substr(start, i - start)).c_str(), nullptr);
        size_t unit_start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) == 0 && text[i] != '.') {
            ++i;
        }
        std::string_view unit = text.substr(unit_start, i - unit_start);
        if (unit.empty()) {
            if (!bare || i != text.size()) {
                return bad();
            }
            total += number * 1000.0;  // a bare number counts as seconds
            break;
        }
        bare = false;
        double per = unit_ms(unit);
        if (per == 0.0) {
            return bad();
        }
        total += number * per;
    }
    return std::chrono::milliseconds(std::llround(total));
}

}  // namespace dtx::util
