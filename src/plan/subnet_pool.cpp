#include "plan/subnet_pool.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <charconv>

namespace dtx::plan {

namespace {

constexpr std::size_t k_reserved_addresses = 3;  // network, gateway, broadcast
constexpr std::size_t k_min_headroom = 3;
constexpr const char* k_example = "10.200.0.0/16";

// Parses a decimal number of 1..digits digits (no leading zero) at `pos`, at most `max`; advances `pos`.
bool read_number(std::string_view text, std::size_t& pos, std::size_t digits, unsigned max, unsigned& out) {
    std::size_t end = pos;
    while (end < text.size() && end - pos < digits + 1 && text[end] >= '0' && text[end] <= '9') {
        ++end;
    }
    if (end == pos || end - pos > digits || (end - pos > 1 && text[pos] == '0')) {
        return false;  // leading zeros read as octal elsewhere (inet_aton): refuse rather than guess
    }
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + end, out);
    pos = end;
    return ec == std::errc{} && out <= max;
}

bool read_char(std::string_view text, std::size_t& pos, char c) {
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

std::uint32_t mask_of(int prefix) {
    return prefix == 0 ? 0U : ~std::uint32_t{0} << (32 - prefix);
}

// The longest prefix whose block holds `addresses`.
int prefix_holding(std::size_t addresses) {
    int prefix = 32;
    while (prefix > 0 && (std::uint64_t{1} << (32 - prefix)) < addresses) {
        --prefix;
    }
    return prefix;
}

}  // namespace

std::string Subnet::to_string() const {
    return fmt::format("{}.{}.{}.{}/{}", address >> 24, (address >> 16) & 0xffU, (address >> 8) & 0xffU,
                       address & 0xffU, prefix);
}

util::Result<Subnet> parse_subnet(std::string_view text) {
    std::array<unsigned, 4> octets{};
    unsigned prefix = 0;
    std::size_t pos = 0;
    bool ok = true;
    for (std::size_t i = 0; i < octets.size() && ok; ++i) {
        ok = (i == 0 || read_char(text, pos, '.')) && read_number(text, pos, 3, 255, octets[i]);
    }
    ok = ok && read_char(text, pos, '/') && read_number(text, pos, 2, 32, prefix) && pos == text.size();
    if (!ok) {
        return util::fail(
            util::Errc::invalid,
            fmt::format("\"{}\" is not an IPv4 CIDR; write the pool as ADDRESS/PREFIX, e.g. {}", text, k_example));
    }
    Subnet s{(octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3], static_cast<int>(prefix)};
    if (s.prefix > k_max_pool_prefix) {
        return util::fail(util::Errc::invalid,
                          fmt::format("\"{}\" is too small for a network; use /{} or shorter, e.g. {}", text,
                                      k_max_pool_prefix, k_example));
    }
    Subnet network{s.address & mask_of(s.prefix), s.prefix};
    if (network != s) {
        return util::fail(util::Errc::invalid,
                          fmt::format("\"{}\" has host bits set; did you mean {}?", text, network.to_string()));
    }
    return s;
}

util::Result<int> run_subnet_prefix(const Subnet& pool, std::size_t services) {
    std::size_t minimum = services + k_reserved_addresses;
    std::size_t wanted = minimum + std::max(k_min_headroom, services / 4);
    int prefix = std::min(prefix_holding(wanted), k_default_run_prefix);
    if (prefix >= pool.prefix) {
        return prefix;
    }
    if (prefix_holding(minimum) >= pool.prefix) {
        return pool.prefix;
    }
    int needed = prefix_holding(minimum);
    return util::fail(
        util::Errc::invalid,
        fmt::format("the subnet pool {} ({} addresses) is too small for {} services, which need at "
                    "least a /{} ({} addresses); pass a larger pool, e.g. {}",
                    pool.to_string(), pool.size(), services, needed, std::uint64_t{1} << (32 - needed), k_example));
}

std::uint64_t candidate_count(const Subnet& pool, int prefix) {
    return std::uint64_t{1} << (prefix - pool.prefix);
}

Subnet candidate(const Subnet& pool, int prefix, std::uint64_t index) {
    std::uint64_t offset = (index % candidate_count(pool, prefix)) << (32 - prefix);
    return Subnet{pool.address + static_cast<std::uint32_t>(offset), prefix};
}

std::uint64_t first_candidate(std::string_view run_id, std::uint64_t count) {
    // FNV-1a: cheap, stable across platforms, and run ids end in random hex, so starts spread out.
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : run_id) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return hash % count;
}

}  // namespace dtx::plan
