// libFuzzer target: variable interpolation and .env parsing on the same bytes, with a fixed fake
// environment. Both report problems as values; any exception or sanitizer report is a bug.
// Invariant: interpolating escape_dollars(s) succeeds and gives s back, with nothing unset.
#include "fake_env.hpp"
#include "vars/dotenv.hpp"
#include "vars/interpolate.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void invariant_broken(const char* what, std::string_view input, const std::string& detail) {
    std::fprintf(stderr, "fuzz_interpolate: %s\n  input (%zu bytes): %.*s\n  detail: %s\n", what, input.size(),
                 static_cast<int>(input.size()), input.data(), detail.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const dtx::vars::VarLookup lookup = dtx::fuzz::fake_lookup;

    (void)dtx::vars::interpolate(text, lookup);

    auto round_trip = dtx::vars::interpolate(dtx::vars::escape_dollars(text), lookup);
    if (!round_trip) {
        invariant_broken("interpolate(escape_dollars(s)) failed", text, round_trip.error().message);
    }
    if (round_trip->text != text) {
        invariant_broken("interpolate(escape_dollars(s)) != s", text, round_trip->text);
    }
    if (!round_trip->unset.empty()) {
        invariant_broken("interpolate(escape_dollars(s)) looked a variable up", text, round_trip->unset.front());
    }

    std::vector<std::string> unset;
    (void)dtx::vars::parse_dotenv(text, lookup, &unset);
    return 0;
}
