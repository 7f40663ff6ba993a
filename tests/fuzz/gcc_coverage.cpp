// Coverage for libFuzzer when the targets are built with GCC, which has no -fsanitize=fuzzer.
// GCC's -fsanitize-coverage=trace-pc calls __sanitizer_cov_trace_pc() in every basic block;
// libFuzzer 14 no longer takes those calls (its own definition aborts), so the link redirects
// them here (-Wl,--wrap=__sanitizer_cov_trace_pc) and each call bumps an 8-bit counter chosen by
// a hash of its address, registered with libFuzzer like clang's inline-8bit-counters. A fake PC
// table of the same size lets libFuzzer print `cov:` (hash buckets hit). Comparisons come from
// GCC's -fsanitize-coverage=trace-cmp, which libFuzzer takes as they are.
// This file itself is compiled without coverage.
#include <cstddef>
#include <cstdint>

extern "C" {
void __sanitizer_cov_8bit_counters_init(uint8_t* start, uint8_t* stop);
void __sanitizer_cov_pcs_init(const uintptr_t* start, const uintptr_t* stop);
extern char __executable_start;  // from the linker: hashes use offsets, the same in every process
}

namespace {

constexpr unsigned k_bits = 20;  // ~1M buckets: a few times the instrumented blocks of spec + util
constexpr size_t k_buckets = size_t{1} << k_bits;
uint8_t g_counters[k_buckets];
uintptr_t g_pcs[2 * k_buckets];  // (pc, flags) pairs, as clang's pc-table

__attribute__((constructor)) void register_counters() {
    for (size_t i = 0; i < k_buckets; ++i) {
        g_pcs[2 * i] = i + 1;
        g_pcs[2 * i + 1] = 0;
    }
    __sanitizer_cov_8bit_counters_init(g_counters, g_counters + k_buckets);
    __sanitizer_cov_pcs_init(g_pcs, g_pcs + 2 * k_buckets);
}

}  // namespace

extern "C" __attribute__((no_sanitize_address, no_sanitize_undefined)) void __wrap___sanitizer_cov_trace_pc() {
    auto offset =
        reinterpret_cast<uintptr_t>(__builtin_return_address(0)) - reinterpret_cast<uintptr_t>(&__executable_start);
    ++g_counters[(offset * 0x9E3779B97F4A7C15ULL) >> (64 - k_bits)];
}

// GCC's trace-cmp also reports float and double comparisons, which libFuzzer has no use for.
extern "C" void __sanitizer_cov_trace_cmpf(float, float) {}
extern "C" void __sanitizer_cov_trace_cmpd(double, double) {}
