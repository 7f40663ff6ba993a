#include "util/byte_size.hpp"

#include <fmt/format.h>
#include <cctype>
#include <cstdlib>
#include <string>

namespace dtx::util {

namespace {

constexpr std::string_view k_examples = "write e.g. 512m, 1g, 1.5gb or a number of bytes";
constexpr std::string_view k_digits = "0123456789";
constexpr std::string_view k_prefixes = "kmgtp";         // 1024 to the power of (index + 1)
constexpr double k_int64_limit = 9223372036854775808.0;  // 2^63, the first double past INT64_MAX

Failure bad(std::string_view text, std::string_view why) {
    return fail(Errc::invalid, fmt::format("\"{}\" is not a byte size{}; {}", text, why, k_examples));
}

size_t count_digits(std::string_view text, size_t from) {
    size_t i = from;
    while (i < text.size() && k_digits.find(text[i]) != std::string_view::npos) {
        ++i;
    }
    return i - from;
}

// The decimal subset of Go's strconv.ParseFloat that a Compose file can sensibly hold:
// [+] digits [. digits] [e [+-] digits], with at least one digit before the exponent ("5.", ".5").
// Go also takes hex floats, underscores after a base prefix, inf and nan; nobody writes those as
// a memory limit, and rejecting them keeps the grammar readable.
bool is_decimal(std::string_view number) {
    size_t i = (!number.empty() && number[0] == '+') ? 1 : 0;
    size_t mantissa = count_digits(number, i);
    i += mantissa;
    if (i < number.size() && number[i] == '.') {
        size_t fraction = count_digits(number, i + 1);
        i += 1 + fraction;
        mantissa += fraction;
    }
    if (mantissa == 0) {
        return false;
    }
    if (i < number.size() && (number[i] == 'e' || number[i] == 'E')) {
        ++i;
        if (i < number.size() && (number[i] == '+' || number[i] == '-')) {
            ++i;
        }
        size_t exponent = count_digits(number, i);
        if (exponent == 0) {
            return false;
        }
        i += exponent;
    }
    return i == number.size();
}

// Bytes per unit, 0 for an unknown one. A unit is b, or k/m/g/t/p optionally followed by b or ib.
std::int64_t unit_bytes(std::string_view unit) {
    if (unit.size() > 3) {
        return 0;
    }
    std::string lower;
    for (char c : unit) {
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (lower == "b") {
        return 1;
    }
    size_t power = k_prefixes.find(lower[0]);
    std::string_view rest = std::string_view(lower).substr(1);
    if (power == std::string_view::npos || !(rest.empty() || rest == "b" || rest == "ib")) {
        return 0;
    }
    return std::int64_t{1} << (10 * (power + 1));
}

}  // namespace

Result<std::int64_t> parse_byte_size(std::string_view text) {
    // Like go-units: the first space separates number and unit ("32.3 mb"); without one, the unit
    // is whatever follows the last digit or point ("1.5gb", and "1e3" is all number).
    std::string_view number;
    std::string_view unit;
    if (size_t space = text.find(' '); space != std::string_view::npos) {
        number = text.substr(0, space);
        unit = text.substr(space + 1);
    } else {
        size_t last = text.find_last_of("0123456789.");
        if (last == std::string_view::npos) {
            return bad(text, "");
        }
        number = text.substr(0, last + 1);
        unit = text.substr(last + 1);
    }
    if (!number.empty() && number[0] == '-' && is_decimal(number.substr(1))) {
        return bad(text, ": a size cannot be negative");
    }
    if (!is_decimal(number)) {
        return bad(text, "");
    }
    // strtod, not from_chars: on overflow it gives HUGE_VAL (caught below) and on underflow 0,
    // where from_chars reports both alike and leaves the value unset. dtx never sets a locale.
    double value = std::strtod(std::string(number).c_str(), nullptr);
    std::int64_t per = 1;
    if (!unit.empty()) {
        per = unit_bytes(unit);
        if (per == 0) {
            return bad(text,
                       fmt::format(": unknown unit \"{}\" (b, k, m, g, t or p; k to p may end in b or ib)", unit));
        }
    }
    double bytes = value * static_cast<double>(per);
    if (!(bytes < k_int64_limit)) {
        return bad(text, ": it does not fit in 63 bits");
    }
    return static_cast<std::int64_t>(bytes);  // truncates toward zero, as go-units does
}

}  // namespace dtx::util
