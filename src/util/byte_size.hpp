#pragma once
// Byte sizes as Compose writes them (mem_limit, shm_size, tmpfs size, ...): "512m", "1g", "1.5gb",
// "64 MiB", "67108864". The rules are those of docker/go-units RAMInBytes, which compose-go uses.

#include "util/result.hpp"

#include <cstdint>
#include <string_view>

namespace dtx::util {

// Returns the number of bytes `text` stands for: a non-negative decimal number (1, 1.5, .5, 1e3),
// then an optional unit, with at most one space between them. Units are case-insensitive and all
// binary: b = 1, k = 1024, m = 1024², g = 1024³, t = 1024⁴, p = 1024⁵; k to p may be followed by
// "b" or "ib" (kb, KiB, GB, gib). A bare number is bytes. A fractional result is truncated toward
// zero (1.5k = 1536, 0.5 = 0), as go-units does. A YAML integer is bytes too, but that is the
// caller's reading: this function only sees text.
// Fails (Errc::invalid) with a message naming the text and giving examples when the text is empty,
// negative, has no number, an unknown unit, surrounding blanks, or does not fit in 63 bits.
Result<std::int64_t> parse_byte_size(std::string_view text);

}  // namespace dtx::util
